"""The response models of the JSON API, one module per area; each route declares its own
(`response_model=`), and tests/api/test_contract.py checks that every route does."""
