package io.sandgate.sandbox;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code sandgate.sandbox.oci-runtime} was once {@code sandgate.sandbox.runtime}: a gateway
 * configured under the former key keeps its OCI runtime (runsc stays runsc), and the former key is
 * listed under the new name, so the mapping's check of unknown keys does not refuse it.
 */
public class OciRuntimeKey implements ConfigSourceInterceptor {

  static final String KEY = "sandgate.sandbox.oci-runtime";
  static final String FORMER = "sandgate.sandbox.runtime";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (value == null && KEY.equals(name)) {
      ConfigValue former = context.proceed(FORMER);
      return former == null ? null : former.withName(KEY);
    }
    return value;
  }

  @Override
  public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
    Set<String> names = new HashSet<>();
    context.iterateNames().forEachRemaining(n -> names.add(FORMER.equals(n) ? KEY : n));
    return names.iterator();
  }
}
