#!/usr/bin/env bash
# Makes DEST a GraalVM home for Quarkus from the native-image toolchain kit at KIT_HOME: every
# entry linked, but bin/native-image a wrapper that drops --add-modules=… options. The kit's
# driver refuses them (its builder already runs with --add-modules=ALL-DEFAULT, which holds every
# module such an option can name); Quarkus's H2 extension asks for jdk.net that way.
#   .ci/native-image-home.sh KIT_HOME DEST
set -euo pipefail
kit=$1
dest=$2
rm -rf "$dest"
mkdir -p "$dest/bin"
for entry in "$kit"/*; do
  [ "$(basename "$entry")" = bin ] || ln -s "$entry" "$dest/$(basename "$entry")"
done
for tool in "$kit"/bin/*; do
  [ "$(basename "$tool")" = native-image ] || ln -s "$tool" "$dest/bin/$(basename "$tool")"
done
cat >"$dest/bin/native-image" <<SH
#!/usr/bin/env bash
args=()
for a in "\$@"; do
  case "\$a" in --add-modules=*) ;; *) args+=("\$a") ;; esac
done
exec "$kit/bin/native-image" "\${args[@]}"
SH
chmod +x "$dest/bin/native-image"
