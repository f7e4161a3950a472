# S3Proxy (an S3-compatible object store on the local file system) from its jar on Maven Central: where tenant
# export bundles go (dev.enclave.objectstore, enclave.objectstore.*). Sourced by ./enclave.

# C1 only, a small heap: it streams objects between the socket and files, it holds none in memory.
S3PROXY_JAVA_OPTS=${ENCLAVE_S3PROXY_JAVA_OPTS:--Xms32m -Xmx128m -XX:TieredStopAtLevel=1}
# Local-only credentials, the same as the %local/%test profiles' enclave.objectstore.access-key/secret-key.
S3PROXY_IDENTITY=enclave-local
S3PROXY_CREDENTIAL=dev-only-objectstore-secret-not-a-secret

s3proxy_port() { echo 9000; }
s3proxy_timeout() { echo 60; }
# With authorization on, an anonymous request is answered 403 (AccessDenied): that answer means it is serving.
s3proxy_ready() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$(s3proxy_port)/" 2>/dev/null) || return 1
  [[ $code == 200 || $code == 403 ]]
}

s3proxy_start() {
  local lib jar dir=$STATE/s3proxy
  lib=$(fetch s3proxy)
  jar=$(printf '%s\n' "$lib"/s3proxy-*-jar-with-dependencies.jar | head -n 1)
  [[ -f $jar ]] || die "s3proxy: no jar in $lib"
  mkdir -p "$dir/data"
  # The file holds the (local-only) credential: readable by us alone, and never on the command line.
  # filesystem-nio2, not "filesystem": S3Proxy 2.6 deprecates the latter, which also lists every directory as an
  # extra "<dir>/" key. The nio2 backend insists on a jclouds identity pair, which it does not check.
  (umask 077 && cat >"$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$(s3proxy_port)
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3PROXY_IDENTITY
s3proxy.credential=$S3PROXY_CREDENTIAL
jclouds.provider=filesystem-nio2
jclouds.identity=$S3PROXY_IDENTITY
jclouds.credential=$S3PROXY_CREDENTIAL
jclouds.filesystem.basedir=$dir/data
PROPS
  )
  # -Denclave.checkout: see zipkin.sh (how pid_of tells our process from another checkout's).
  # shellcheck disable=SC2086 # the options are a list of words
  spawn s3proxy java $S3PROXY_JAVA_OPTS -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
    -Denclave.checkout="$ROOT/" -jar "$jar" --properties "$dir/s3proxy.properties"
}
