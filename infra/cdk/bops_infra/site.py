"""The officers', applicants' and public's site: the static front end on S3 behind CloudFront.

One origin for the browser: CloudFront serves the built site from a private bucket (origin access
control) and sends ``/api/*`` to API Gateway, so the API needs no CORS. Every response carries the same
strict Content-Security-Policy as the local run (local/web.py). ``scripts/deploy_site.sh`` uploads the
built site and its ``config.json`` (where Cognito is, the app client id, the uploads origin) after
``cdk deploy``: no deploy-time Lambda is needed for it.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_s3 as s3
from constructs import Construct

from bops_infra import nag


def content_security_policy(cognito_origin: str, uploads_origin: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            # the maps' basemap: Ordnance Survey's tiles (bops.adapters.os_maps), drawn as images
            "img-src 'self' data: https://api.os.uk",
            "font-src 'self'",
            f"connect-src 'self' {cognito_origin} {uploads_origin}",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


class Site(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        api: apigw.RestApiBase,
        client: cognito.IUserPoolClient,
        documents_bucket: s3.IBucket,
        access_logs_bucket: s3.IBucket,
    ) -> None:
        super().__init__(scope, construct_id)
        region = cdk.Stack.of(self).region
        cognito_origin = f"https://cognito-idp.{region}.amazonaws.com"
        uploads_origin = f"https://{documents_bucket.bucket_regional_domain_name}"

        self.bucket = s3.Bucket(
            self,
            "SiteBucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=access_logs_bucket,
            server_access_logs_prefix="site/",
            removal_policy=cdk.RemovalPolicy.DESTROY,
            auto_delete_objects=False,
        )
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(cognito_origin, uploads_origin), override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.NO_REFERRER, override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=cdk.Duration.days(365), include_subdomains=True, override=True
                ),
            ),
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="BoPS: the site, and the API under /api",
            default_root_object="index.html",
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                response_headers_policy=headers,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            ),
            additional_behaviors={
                "/api/*": cloudfront.BehaviorOptions(
                    origin=origins.RestApiOrigin(api),
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy=headers,
                )
            },
            error_responses=[
                cloudfront.ErrorResponse(http_status=404, response_http_status=404, response_page_path="/404.html"),
            ],
        )
        self._acknowledge()

    @property
    def url(self) -> str:
        return f"https://{self.distribution.distribution_domain_name}"

    def _acknowledge(self) -> None:
        nag.acknowledge(
            self.distribution,
            "CFR1",
            "Planning applications are public information for anyone, anywhere: no geographic restriction.",
        )
        nag.acknowledge(
            self.distribution,
            "CFR2",
            "No WAF yet: the API throttles per stage and the application limits and validates every request; "
            "a council may attach its own web ACL.",
        )
        nag.acknowledge(
            self.distribution,
            "CFR3",
            "CloudFront standard logs need an ACL-enabled bucket; API Gateway access logs record every API "
            "call and S3 access logs record the site bucket's reads.",
        )
        nag.acknowledge(
            self.distribution,
            "CFR4",
            "The default *.cloudfront.net certificate allows older TLS; a council attaches its own domain and "
            "certificate, where the policy is TLS 1.2 (2021).",
        )
