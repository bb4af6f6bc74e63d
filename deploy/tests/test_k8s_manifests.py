"""The Kubernetes manifests hold the house rules: every service probed on /health and
/ready, secrets from a Secret (never committed), no test identity provider in production,
non-root containers with memory limits, only the gateway behind the ingress."""
from pathlib import Path

import pytest
import yaml

from webcert_certificate.adapters.signing import CA_FILE_NAME
from webcert_deploy.migrate import SERVICES

K8S = Path(__file__).resolve().parents[1] / "k8s"


def documents():
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs.extend((path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc)
    return docs


def deployments():
    return [(name, doc) for name, doc in documents() if doc["kind"] == "Deployment"]


def test_kustomization_lists_every_manifest():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


@pytest.mark.parametrize("name,doc", deployments(), ids=lambda v: v if isinstance(v, str) else v["metadata"]["name"])
def test_every_deployment_runs_non_root_with_limits_and_secrets(name, doc):
    spec = doc["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    for container in spec["containers"]:
        assert container["resources"]["limits"]["memory"]
        sources = {next(iter(s)) for s in container["envFrom"]}
        assert sources == {"configMapRef", "secretRef"}


@pytest.mark.parametrize("service", SERVICES)
def test_http_services_are_probed_and_migrated_first(service):
    doc = next(d for _, d in deployments() if d["metadata"]["name"] == service)
    spec = doc["spec"]["template"]["spec"]
    container = spec["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert spec["initContainers"][0]["command"][-1] == service


def test_every_service_is_reachable_by_the_others_at_its_kubernetes_service():
    config = next(d for _, d in documents() if d["kind"] == "ConfigMap")["data"]
    services = {d["metadata"]["name"]: d for _, d in documents() if d["kind"] == "Service"}
    for service in set(SERVICES) - {"gateway"}:
        assert service in services
        assert config[service.upper().replace("-", "_") + "_URL"] == f"http://{service}:8000"


def _ca_mounts(container, volumes):
    ca_dir = next(e["value"] for e in container.get("env", []) if e["name"] == "CERTIFICATE_CA_DIR")
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == ca_dir)
    return volumes[mount["name"]]


def test_the_certificate_service_has_one_demo_ca_for_every_replica():
    """The CA signs every certificate; replicas (and the init container, which signs the demo
    world's certificates) must share it, so it comes from one Secret, never made per pod."""
    doc = next(d for _, d in deployments() if d["metadata"]["name"] == "certificate")
    spec = doc["spec"]["template"]["spec"]
    assert doc["spec"]["replicas"] > 1
    volumes = {v["name"]: v for v in spec["volumes"]}
    for container in (*spec["initContainers"], *spec["containers"]):
        volume = _ca_mounts(container, volumes)
        assert volume["secret"]["secretName"] == "webcert-certificate-ca"
    readme = (K8S.parent / "README.md").read_text()
    assert "webcert-certificate-ca" in readme and CA_FILE_NAME in readme


def test_production_config_turns_the_test_identity_provider_off():
    config = next(d for _, d in documents() if d["kind"] == "ConfigMap")["data"]
    assert config["WEBCERT_ENV"] == "production"
    assert config["TEST_IDP_ENABLED"] == "false"
    assert not any(key in config for key in ("SECRET_KEY", "AMQP_URL")), "secrets belong in the Secret"


def test_only_the_gateway_is_exposed():
    ingress = next(d for _, d in documents() if d["kind"] == "Ingress")
    backends = {p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert backends == {"gateway"}


def test_the_pdf_service_is_stateless_probed_and_reached_by_the_certificate_service():
    """CERT-10: no database (no init container), probed like the others, at PDF_URL."""
    doc = next(d for _, d in deployments() if d["metadata"]["name"] == "pdf")
    spec = doc["spec"]["template"]["spec"]
    assert "initContainers" not in spec
    assert spec["containers"][0]["readinessProbe"]["httpGet"]["path"] == "/ready"
    config = next(d for _, d in documents() if d["kind"] == "ConfigMap")["data"]
    assert config["PDF_URL"] == "http://pdf:8000"
