# The settings of the Java client generated from the spec, shared by generate.sh (step java)
# and smoke.sh (step java); sourced. docs/other-languages.md (## Java) shows the same commands
# (smoke/java/quickstart.sh, which the smoke test runs).
#
# openapi-generator `java --library native`: java.net.http and Jackson 2, nothing else at run
# time; openApiNullable=false (no jackson-databind-nullable, which Debian does not package),
# useJakartaEe=true (jakarta.annotation, which it does), no swagger annotations. The template
# overrides and the ignore file are explained in template_override.py.
JAVA_CLIENT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA_CLIENT_OPTIONS=(--library native -t "$JAVA_CLIENT_DIR/templates"
  --ignore-file-override "$JAVA_CLIENT_DIR/openapi-generator-ignore"
  --additional-properties=invokerPackage=huaweicec.client,apiPackage=huaweicec.client.api,modelPackage=huaweicec.client.model,openApiNullable=false,useJakartaEe=true,hideGenerationTimestamp=true)
# What it compiles against, from Debian's packages (jackson-databind brings core and annotations).
JAVA_CLIENT_PACKAGES=(openjdk-17-jdk-headless libjackson2-databind-java libjakarta-annotation-api-java)
JAVA_CLIENT_CP=/usr/share/java/jackson-databind.jar:/usr/share/java/jackson-core.jar:/usr/share/java/jackson-annotations.jar:/usr/share/java/jakarta-annotation-api.jar
