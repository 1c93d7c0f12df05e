"""One place for the powertools logger and metrics of the event-driven functions.

No powertools Tracer: importing it pulls in the X-Ray SDK (~200 ms of cold start, see
`make benchmark`); Lambda's active tracing still records each invocation.
"""

from aws_lambda_powertools import Logger, Metrics

logger = Logger(service="bops")
metrics = Metrics(namespace="BoPS", service="bops")
