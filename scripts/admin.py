"""Council administration for a deployed BoPS: create a council, its officers and integrator tokens.

Uses your AWS credentials and the stack's outputs (`aws cloudformation describe-stacks`). Examples:

    .venv/bin/python scripts/admin.py --stack Bops create-council lbh "London Borough of Hackney" \\
        --planning-email planning@hackney.gov.uk
    .venv/bin/python scripts/admin.py --stack Bops create-officer lbh jo.bloggs jo@hackney.gov.uk administrator
    .venv/bin/python scripts/admin.py --stack Bops create-token lbh PlanX submission:write application:read
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "layers" / "bops" / "python")]


def stack_outputs(stack: str) -> dict[str, str]:
    import boto3

    described = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stack", default="Bops", help="the CloudFormation stack name (Bops, or Bops-<stage>)")
    commands = parser.add_subparsers(dest="command", required=True)
    council = commands.add_parser("create-council")
    council.add_argument("id", help="short lowercase id, e.g. the council's ONS/planning.data.gov.uk code")
    council.add_argument("name")
    council.add_argument("--planning-email", required=True, help="where officers are told of applicants' answers")
    officer = commands.add_parser("create-officer", help="Cognito sends the officer a temporary password")
    officer.add_argument("council")
    officer.add_argument("username")
    officer.add_argument("email")
    officer.add_argument("roles", nargs="+", choices=["assessor", "reviewer", "administrator"])
    token = commands.add_parser("create-token", help="prints the token once; only its hash is kept")
    token.add_argument("council")
    token.add_argument("name")
    token.add_argument("scopes", nargs="+", choices=["submission:write", "application:read"])
    args = parser.parse_args()

    outputs = stack_outputs(args.stack)
    os.environ["BOPS_TABLE"] = outputs["TableName"]
    os.environ["BOPS_DOCUMENTS_BUCKET"] = outputs["DocumentsBucketName"]
    from bops.services import councils
    from bops.services.context import context

    if args.command == "create-council":
        created = councils.create_council(context(), args.id, args.name, planning_email=args.planning_email)
        print(f"Created council {created.id} ({created.name})")
    elif args.command == "create-officer":
        import boto3

        idp = boto3.client("cognito-idp")
        pool = outputs["UserPoolId"]
        idp.admin_create_user(
            UserPoolId=pool,
            Username=args.username,
            UserAttributes=[
                {"Name": "email", "Value": args.email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "custom:council", "Value": args.council},
            ],
            DesiredDeliveryMediums=["EMAIL"],
        )
        for role in args.roles:
            idp.admin_add_user_to_group(UserPoolId=pool, Username=args.username, GroupName=role)
        print(f"Created officer {args.username} ({', '.join(args.roles)}); Cognito emailed a temporary password")
    else:
        created_token = councils.create_token(
            context(), args.council, councils.TokenRequest(name=args.name, scopes=args.scopes), created_by="admin-cli"
        )
        print(created_token.token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
