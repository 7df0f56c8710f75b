package io.sandgate.http;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API as a whole, for its OpenAPI description. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Sandgate",
            version = "0.1.0",
            description =
                "Runs untrusted Python (PyPy 3 and CPython 3) in single-use, locked-down containers."
                    + " Errors are RFC 9457 application/problem+json.",
            license = @License(name = "Apache-2.0")),
    security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "apiKey")},
    components =
        @Components(
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = "bearer",
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  description = "Authorization: Bearer <tenant API key>"),
              @SecurityScheme(
                  securitySchemeName = "apiKey",
                  type = SecuritySchemeType.APIKEY,
                  apiKeyName = "X-API-Key",
                  in = SecuritySchemeIn.HEADER,
                  description = "X-API-Key: <tenant API key>")
            }))
public class SandgateApi extends Application {}
