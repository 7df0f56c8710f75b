package io.sandgate;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Settings that once had another name keep working under it: {@code sandgate.sandbox.runtime} is
 * now {@code sandgate.sandbox.oci-runtime}, and {@code sandgate.async.*} is now {@code
 * sandgate.judge0.*}. A value under the former name is read under the new one (the new name wins
 * when both are set), and the former names are listed under the new ones, so the mappings' check of
 * unknown keys does not refuse a gateway configured before the rename.
 */
public class FormerKeys implements ConfigSourceInterceptor {

  /** Former name (a key, or a prefix ending in a dot) → its name now. */
  static final Map<String, String> RENAMED =
      Map.of(
          "sandgate.sandbox.runtime", "sandgate.sandbox.oci-runtime",
          "sandgate.async.", "sandgate.judge0.");

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (value != null) {
      return value;
    }
    String former = formerOf(name);
    if (former == null) {
      return null;
    }
    ConfigValue old = context.proceed(former);
    return old == null ? null : old.withName(name);
  }

  @Override
  public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
    Set<String> names = new HashSet<>();
    context.iterateNames().forEachRemaining(n -> names.add(currentOf(n)));
    return names.iterator();
  }

  /** The former name of {@code name}, or null when it had none. */
  static String formerOf(String name) {
    for (Map.Entry<String, String> r : RENAMED.entrySet()) {
      String former = r.getKey();
      String now = r.getValue();
      if (former.endsWith(".") ? name.startsWith(now) : name.equals(now)) {
        return former + name.substring(now.length());
      }
    }
    return null;
  }

  /** The name now of {@code name} (itself when it was never renamed); a profile prefix is kept. */
  static String currentOf(String name) {
    String profile = "";
    String key = name;
    if (name.startsWith("%") && name.indexOf('.') > 0) {
      profile = name.substring(0, name.indexOf('.') + 1);
      key = name.substring(profile.length());
    }
    for (Map.Entry<String, String> r : RENAMED.entrySet()) {
      String former = r.getKey();
      if (former.endsWith(".") ? key.startsWith(former) : key.equals(former)) {
        return profile + r.getValue() + key.substring(former.length());
      }
    }
    return name;
  }
}
