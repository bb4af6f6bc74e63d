"""The Kubernetes manifests hold the house rules: every service probed on /health and
/ready, secrets from a Secret (never committed), no test identity provider in production,
non-root containers with memory limits, only the gateway behind the ingress."""
from pathlib import Path

import pytest
import yaml

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


@pytest.mark.parametrize("service", ["auth", "pu-lookup", "gateway"])
def test_http_services_are_probed_and_migrated_first(service):
    doc = next(d for _, d in deployments() if d["metadata"]["name"] == service)
    spec = doc["spec"]["template"]["spec"]
    container = spec["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert spec["initContainers"][0]["command"][-1] == service


def test_production_config_turns_the_test_identity_provider_off():
    config = next(d for _, d in documents() if d["kind"] == "ConfigMap")["data"]
    assert config["WEBCERT_ENV"] == "production"
    assert config["TEST_IDP_ENABLED"] == "false"
    assert not any(key in config for key in ("SECRET_KEY", "AMQP_URL")), "secrets belong in the Secret"


def test_only_the_gateway_is_exposed():
    ingress = next(d for _, d in documents() if d["kind"] == "Ingress")
    backends = {p["backend"]["service"]["name"] for r in ingress["spec"]["rules"] for p in r["http"]["paths"]}
    assert backends == {"gateway"}
