#!/usr/bin/env bash
# Builds SourceAFIS for Java 3.18.1 and the author's libraries it needs from their public sources,
# outside this repository, for the side-by-side extraction timing (bench:extract-vs-sourceafis).
# Nothing is downloaded here: the sources are fetched beforehand (see README.md beside this file) and
# the third-party jars come from Debian's packages:
#   apt-get install -y libjackson2-databind-java libjackson2-dataformat-cbor libgoogle-gson-java \
#     libfastutil-java libcommons-io-java libslf4j-java
#
# usage: bench/sourceafis/build.sh SRC_DIR OUT_DIR
#   SRC_DIR holds one folder per source tree: stagean closeablescope noexception fingerprintio-java
#           jnbis sourceafis-java (each the tag's tree: pom.xml, src/main/java, ...)
#   OUT_DIR receives one jar per tree plus the compiled harness (ExtractTiming.class).
set -euo pipefail

src=${1:?usage: build.sh SRC_DIR OUT_DIR}
out=${2:?usage: build.sh SRC_DIR OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$src" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
case "$out/" in "$(cd "$here/../.." && pwd)/"*) echo "OUT_DIR must be outside the repository" >&2; exit 1 ;; esac

debian=/usr/share/java
classpath="$debian/jackson-core.jar:$debian/jackson-databind.jar:$debian/jackson-annotations.jar"
classpath+=":$debian/jackson-dataformat-cbor.jar:$debian/gson.jar:$debian/fastutil.jar"
classpath+=":$debian/commons-io.jar:$debian/slf4j-api.jar"
for jar in ${classpath//:/ }; do
  [ -f "$jar" ] || { echo "missing $jar: install the Debian packages listed at the top of this script" >&2; exit 1; }
done

# Dependency order: each tree compiles against the jars built before it. The trees are compiled on the
# class path (module-info.java left out): the harness runs them as plain jars.
build() {
  local name=$1 tree="$src/$1" classes
  classes=$(mktemp -d)
  [ -d "$tree/src/main/java" ] || { echo "missing $tree/src/main/java" >&2; exit 1; }
  find "$tree/src/main/java" -name '*.java' ! -name module-info.java > "$classes.list"
  if ! javac -nowarn -encoding UTF-8 --release 11 -cp "$classpath" -d "$classes" @"$classes.list" 2> "$classes.log"; then
    cat "$classes.log" >&2
    exit 1
  fi
  for resources in "$tree/src/main/resources" "$tree/src/main/filtered"; do
    [ -d "$resources" ] && cp -r "$resources/." "$classes/"
  done
  jar --create --file "$out/$name.jar" -C "$classes" .
  rm -rf "$classes" "$classes.list" "$classes.log"
  classpath+=":$out/$name.jar"
  echo "built $out/$name.jar"
}

build stagean
build closeablescope
build noexception
build fingerprintio-java
build jnbis
build sourceafis-java

# Maven would substitute ${project.version} in the filtered resource; FingerprintCompatibility reads it.
version=$(sed -n 's:^\t<version>\(.*\)</version>:\1:p' "$src/sourceafis-java/pom.xml" | head -1)
tmp=$(mktemp -d)
mkdir -p "$tmp/com/machinezoo/sourceafis"
printf '%s\n' "$version" > "$tmp/com/machinezoo/sourceafis/version.txt"
jar --update --file "$out/sourceafis-java.jar" -C "$tmp" com/machinezoo/sourceafis/version.txt
rm -rf "$tmp"

javac -encoding UTF-8 --release 11 -cp "$classpath" -d "$out" "$here/ExtractTiming.java"
printf '%s\n' "$classpath:$out" > "$out/classpath.txt"
echo "built $out/ExtractTiming.class (SourceAFIS $version); class path in $out/classpath.txt"
