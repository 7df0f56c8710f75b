package io.sandgate.api;

import io.sandgate.tenant.RateLimiter;
import io.sandgate.tenant.Tenancy;
import io.sandgate.tenant.Tenant;
import io.sandgate.tenant.TenantLimitException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Authenticates every request of the tenant APIs ({@code /v1}, and Piston's {@code /api/v2}),
 * spends its rate, and stamps the RateLimit headers on the answer.
 */
class TenantFilter {

    private static final List<String> AUTHENTICATED = List.of("/v1", "/api/v2");
    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";
    private static final String RATE = "sandgate.rate";

    private final Tenancy tenancy;
    private final RequestTenant current;

    TenantFilter(Tenancy tenancy, RequestTenant current) {
        this.tenancy = tenancy;
        this.current = current;
    }

    @ServerRequestFilter(preMatching = true)
    void authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (AUTHENTICATED.stream().noneMatch(p -> path.startsWith(p)
                && (path.length() == p.length() || path.charAt(p.length()) == '/'))) {
            return;
        }
        Tenant tenant = tenancy.authenticate(apiKey(request));
        RateLimiter.Decision rate = tenancy.spend(tenant);
        request.setProperty(RATE, rate);
        current.set(tenant);
        if (!rate.allowed()) {
            throw new TenantLimitException(TenantLimitException.Limit.RATE, "tenant '" + tenant.name()
                    + "' is over its limit of " + tenant.rateLimit() + " requests per " + tenant.ratePeriod(),
                    rate.retryAfterSeconds());
        }
    }

    @ServerResponseFilter
    void rateLimitHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(RATE) instanceof RateLimiter.Decision rate) {
            response.getHeaders().putSingle("RateLimit-Limit", rate.limit());
            response.getHeaders().putSingle("RateLimit-Remaining", rate.remaining());
            response.getHeaders().putSingle("RateLimit-Reset", rate.resetSeconds());
        }
    }

    private static String apiKey(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        if (authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return basicKey(authorization.substring(BASIC.length()).trim());
        }
        String header = request.getHeaderString("X-API-Key");
        return header == null ? null : header.trim();
    }

    /**
     * HTTP Basic, for clients that take only a server URL ({@code http://tenant:KEY@host}): the key
     * is the password, or the user when the password is empty. Unreadable credentials are no key.
     */
    static String basicKey(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return decoded.isEmpty() ? null : decoded;
        }
        String password = decoded.substring(colon + 1);
        String key = password.isEmpty() ? decoded.substring(0, colon) : password;
        return key.isEmpty() ? null : key;
    }
}
