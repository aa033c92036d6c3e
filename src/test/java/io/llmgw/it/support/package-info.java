/**
 * Support for the integration tier ({@code src/test/java/io/llmgw/it/*IT.java}, run by Maven Failsafe in
 * {@code ./mvnw verify}; unit tests stay in Surefire).
 *
 * <p>
 * Prerequisite: {@code scripts/provision-control-plane.sh} (idempotent; builds or reuses kube-apiserver, etcd,
 * kubectl and kube-controller-manager under {@code ~/.kubeapitest} and writes
 * {@code ~/.cache/llmgw-operator/control-plane.env}, which {@link io.llmgw.it.support.ControlPlane} reads). Without the
 * binaries the tier fails with that instruction; it never downloads anything and is never skipped silently.
 * Upstream CRDs come from {@code scripts/provision-crds.sh} ({@link io.llmgw.testing.UpstreamCrds}).
 *
 * <p>
 * One JVM = one API server ({@link io.llmgw.it.support.ControlPlane}) with every CRD installed
 * ({@link io.llmgw.it.support.Crds}) and one operator ({@link io.llmgw.it.support.OperatorRunner}, plain JOSDK with
 * the production reconciler, write-counting client), built lazily by {@link io.llmgw.it.support.ItEnvironment}. Each
 * test class works in its own namespace; classes run in alphabetical order. There is no kubelet and no workload
 * controller: {@link io.llmgw.it.support.FakeKubelet} is the test double that writes workload status. The
 * kubeconfig of the running server is written to {@code target/it/kubeconfig.yaml}, and the controller-manager log to
 * {@code target/it/kube-controller-manager.log}.
 *
 * <p>
 * Run one class: {@code ./mvnw -o test-compile failsafe:integration-test failsafe:verify -Dit.test=QuickstartIT}.
 */
package io.llmgw.it.support;
