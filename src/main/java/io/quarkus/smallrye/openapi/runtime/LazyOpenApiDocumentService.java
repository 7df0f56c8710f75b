package io.quarkus.smallrye.openapi.runtime;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Sandgate's OpenAPI description, prepared when it is first asked for instead of while the gateway
 * starts. Quarkus reads the description it built at build time, parses it, and writes it out as
 * JSON and YAML on the main thread at every start (quarkusio/quarkus#54826): a fifth of the native
 * gateway's start, for a document few ever fetch. Sandgate has no filter that must run at start, so
 * the same preparation runs on the first {@code /q/openapi} request instead (a blocking route: a
 * worker thread, not the event loop). Written for Quarkus 3.33.2; a Quarkus with the fix
 * (quarkusio/quarkus#55538: the document prepared on first request when no filter must run at
 * start) makes this class unnecessary. {@code io.sandgate.framework.FrameworkHooksTest} fails if
 * the overridden methods change.
 *
 * <p>It lives in the extension's package because the hook it defers is package-private: this
 * package, in Sandgate's source, is a fence of its own and holds this class only. Prod builds only:
 * {@code @QuarkusTest} loads the application and the extension in different class loaders, where a
 * package-private override is refused; the integration tests run the prod build.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@Unremovable
@IfBuildProfile("prod")
public class LazyOpenApiDocumentService extends OpenApiDocumentService {

  private final List<Runnable> pending = new ArrayList<>();
  private volatile boolean prepared;

  @Override
  synchronized void prepareDocument(
      AutoSecurityFilter autoSecurityFilter,
      Map<OpenApiFilter.RunStage, List<String>> filters,
      String documentName) {
    pending.add(() -> super.prepareDocument(autoSecurityFilter, filters, documentName));
  }

  @Override
  public byte[] getDocument(String documentName, Format format) {
    if (!prepared) {
      prepareAll();
    }
    return super.getDocument(documentName, format);
  }

  /**
   * Each document once; one that fails stays pending, and its request fails, until one succeeds.
   */
  private synchronized void prepareAll() {
    for (Iterator<Runnable> each = pending.iterator(); each.hasNext(); ) {
      each.next().run();
      each.remove();
    }
    prepared = true;
  }
}
