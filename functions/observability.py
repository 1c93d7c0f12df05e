"""One place for the powertools logger, tracer and metrics of the event-driven functions."""

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger(service="bops")
tracer = Tracer(service="bops")
metrics = Metrics(namespace="BoPS", service="bops")
