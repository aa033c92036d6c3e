# Shared by scripts/provision-control-plane.sh and scripts/provision-node.sh, which build Kubernetes binaries from
# the same scratch module: the -ldflags that make a binary report its real version (needs K8S_VERSION, K8S_MAJOR,
# K8S_MINOR).
k8s_ldflags() {
  local p f=""
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f="$f -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=$K8S_MAJOR -X $p.gitMinor=$K8S_MINOR -X $p.gitTreeState=clean"
  done
  echo "-s -w$f"
}
