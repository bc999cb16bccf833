import pytest


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import shared

    return shared()
