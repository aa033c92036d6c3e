// The upstream projects whose CRDs the operator creates objects of, pinned in one place. Not built: only
// downloaded (go mod download, checked against go.sum) by scripts/provision-crds.sh, the way envtest users
// take CRDs from the Go modules of the projects that own them. crds.txt says which files are taken.
module llmgw.local/upstream-crds

// go 1.26.4: the Barman Cloud plugin module (v0.15.0) declares it; nothing here is compiled.
go 1.26.4

require (
	github.com/cilium/cilium v1.18.6
	github.com/cloudnative-pg/cloudnative-pg v1.30.0
	github.com/cloudnative-pg/plugin-barman-cloud v0.15.0
	github.com/prometheus-operator/prometheus-operator v0.93.0
	sigs.k8s.io/gateway-api v1.6.1
)
