#!/usr/bin/env bash
# Swift is not compiled here (no Swift toolchain on Linux CI). What is checked: the generated C
# header compiles with clang (as C, warnings are errors), imports as a Clang module through the
# generated module map, and every function it declares is exported by libonshi_uniffi.
# Usage (after scripts/uniffi-generate): bindings/uniffi/swift/check-header.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
gen=target/uniffi/swift
work=target/uniffi/swift-check
rm -rf "$work" && mkdir -p "$work/include"
cp "$gen/onshi_uniffiFFI.h" "$work/include/"
cp "$gen/onshi_uniffiFFI.modulemap" "$work/include/module.modulemap"
printf '#include "onshi_uniffiFFI.h"\nint main(void) { return 0; }\n' > "$work/header.c"
clang -std=c11 -Wall -Wextra -Werror -I"$work/include" "$work/header.c" -o "$work/header"
printf '@import onshi_uniffiFFI;\nint main(void) { return 0; }\n' > "$work/module.m"
clang -fmodules -fmodules-cache-path="$work/cache" -I"$work/include" -x objective-c "$work/module.m" \
  -Ltarget/debug -lonshi_uniffi -o "$work/module"
declared=$(grep -oE '\b(uniffi|ffi)_onshi_uniffi_[A-Za-z0-9_]+\(' "$gen/onshi_uniffiFFI.h" | tr -d '(' | sort -u)
exported=$(nm -D --defined-only target/debug/libonshi_uniffi.so | awk '{print $3}' | sort -u)
missing=$(comm -23 <(echo "$declared") <(echo "$exported"))
if [ -n "$missing" ]; then
  echo "declared in the header but not exported:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "Swift C header: compiles with clang, imports as module onshi_uniffiFFI, $(echo "$declared" | wc -l) functions all exported"
