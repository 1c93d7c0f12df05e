"""GOV.UK Notify's callbacks: delivery receipts for the consultation's letters and emails.

Each council gives Notify a callback URL (``/api/v1/notify/<council>/callback``) and a bearer token,
kept in Secrets Manager as ``bops/<council>/notify-callback-token``. A wrong or missing token is 401;
a receipt for a notification this service does not track is answered 200 and ignored (Notify retries
failed callbacks, and no retry would help).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from bops.api.routing import Api
from bops.auth import NOTIFY, Identity
from bops.services.context import context

if TYPE_CHECKING:
    from bops.services import delivery

blueprint = Blueprint(__name__)
api = Api(blueprint, tag="notify")


@api.route(
    "/api/v1/notify/{council}/callback",
    "POST",
    auth=NOTIFY,
    summary="GOV.UK Notify's delivery receipt: a letter's or email's status moves forward (late ones are ignored)",
    body="bops.services.delivery:DeliveryReceipt",
    response="bops.services.delivery:ReceiptRecorded",
)
def callback(identity: Identity, council: str, body: delivery.DeliveryReceipt) -> delivery.ReceiptRecorded:
    # the council is the token's: authentication checked it against the path
    from bops.services import delivery

    return delivery.record_receipt(context(), identity, body)
