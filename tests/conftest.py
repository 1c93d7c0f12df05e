import pytest


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
