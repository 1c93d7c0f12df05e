#!/usr/bin/env bash
# Uploads the built front end and its config.json to the site bucket, then refreshes CloudFront.
# Run after `cdk deploy`:  bash scripts/deploy_site.sh [stack name, default Bops]
set -euo pipefail
cd "$(dirname "$0")/.."
STACK="${1:-Bops}"
PY=.venv/bin/python
output() { aws cloudformation describe-stacks --stack-name "$STACK" --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text; }
BUCKET=$(output SiteBucketName)
DISTRIBUTION=$(output DistributionId)
CLIENT=$(output UserPoolClientId)
DOCUMENTS=$(output DocumentsBucketName)
REGION=$(aws configure get region || echo "${AWS_REGION:-eu-west-2}")
(cd frontend && npm ci --ignore-scripts --no-audit --no-fund && npm run build)
$PY - "$CLIENT" "$REGION" "$DOCUMENTS" > frontend/dist/config.json <<'PYTHON'
import json, sys
client, region, documents = sys.argv[1:4]
print(json.dumps({
    "api": "",
    "cognito": {"endpoint": f"https://cognito-idp.{region}.amazonaws.com/", "client_id": client, "region": region},
    "uploads_origin": f"https://{documents}.s3.{region}.amazonaws.com",
}))
PYTHON
aws s3 sync frontend/dist "s3://$BUCKET" --delete --cache-control "no-cache"
aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths "/*" >/dev/null
echo "Site deployed: $(output SiteUrl)"
