import pytest


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``make test``'s workers (``-n 2 --dist loadgroup``), each test file runs on one worker, as with
    ``--dist loadfile``, so module fixtures (a local run, a synthesized stack) are built once; and the
    infrastructure files all run on the same worker, so the CDK app's session synthesis (~30 s of CPU) is
    done once rather than once per worker."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        group = "infra" if path.startswith("tests/infra/") else path
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def runtime():
    """The local stack in this process: moto server (state machines executing), real handlers, the API."""
    from local import runtime as local_runtime

    rt = local_runtime.start()
    yield rt
    rt.stop()


@pytest.fixture
def council(runtime):
    from tests.support import new_council

    return new_council(runtime)
