"""schemathesis hooks for scripts/fuzz: let the fuzzer's writes reach the handlers.

Generated requests alone almost never change anything: their ids name nothing, they carry no
current If-Match, and their bodies break rules a schema cannot state (a case's workflow, the
agreement's fiscal years). So every other positive case of a write operation is prepared: the hook
makes, through the API, a resource in the state the operation needs (a contract, a case with an
invitation, an agreed case, a merge proposal…), points the path at it, sends its current ETag as
If-Match and a new Idempotency-Key, sends the token of the municipality (or admin) allowed to act,
and sets the body fields whose valid values depend on that state; the other fields stay as
generated. Negative cases (meant to be refused) are left alone.

after_call counts every answer per operation into $FUZZ_TALLY (one line per request: method, path
template, status), which scripts/fuzz sums up.
"""

import itertools
import json
import os
import urllib.error
import urllib.request
import uuid

import schemathesis

URL = os.environ["PROCURE_URL"]
MEMBER = os.environ["FUZZ_MEMBER_TOKEN"]  # 宇多津町 (373869), the fuzzer's own token
PEER = os.environ["FUZZ_PEER_TOKEN"]  # 羽島市 (212091)
ADMIN = os.environ["FUZZ_ADMIN_TOKEN"]
VENDOR = os.environ["FUZZ_VENDOR"]  # a vendor both municipalities hold contracts with
TALLY = os.environ["FUZZ_TALLY"]
MEMBER_CODE, PEER_CODE = "373869", "212091"

serial = itertools.count(1)
counters = {}
# Fiscal years handed out for savings entries: each (case, municipality, year) takes one entry.
fiscal_years = itertools.count(2001)
agreed_case = {}


class Refused(Exception):
    pass


def call(method, path, token, body=None, headers=None):
    """The API's answer to one request the hook makes: (status, headers, JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
            return response.status, response.headers, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        raise Refused(f"{method} {path}: {error.code} {error.read()[:300]!r}") from None


def contract_body(n):
    return {
        "vendor": {"id": VENDOR},
        "categoryCode": "reservation_system",
        "title": f"ファズ契約{n}",
        "amount": 1_100_000,
        "taxIncluded": True,
        "billingBasis": "annual",
        "startDate": "2025-04-01",
        "endDate": "2028-03-31",
        "contractMethod": "negotiated",
    }


def new_contract(n):
    status, headers, body = call("POST", "/contracts", MEMBER, contract_body(n))
    return body["id"], headers["ETag"]


def new_vendor(n):
    _, _, body = call("POST", "/vendors", MEMBER, {"name": f"ファズ事業者{n}合同会社", "confirmNew": True})
    return body["id"]


def new_case(n, invite=True):
    body = {"vendorId": VENDOR, "categoryCode": "reservation_system", "title": f"ファズ交渉{n}"}
    _, headers, case = call("POST", "/cases", MEMBER, body)
    case_id, etag = case["id"], headers["ETag"]
    if invite:
        _, headers, _ = call("POST", f"/cases/{case_id}/participants/{PEER_CODE}/invite", MEMBER, None)
    return case_id


def case_etag(case_id):
    _, headers, _ = call("GET", f"/cases/{case_id}", MEMBER)
    return headers["ETag"]


def baseline(amount):
    return {"annualAmount": amount, "taxIncluded": True}


def agreed(n):
    """A case agreed by both municipalities for fiscal years 2001–2099 (made once)."""
    if "id" not in agreed_case:
        case_id = new_case(n)
        call("POST", f"/cases/{case_id}/participants/{PEER_CODE}/accept", PEER, {"baseline": baseline(1_155_000)})
        call("POST", f"/cases/{case_id}/participants/{MEMBER_CODE}/restate", MEMBER, {"baseline": baseline(1_100_000)})
        call("POST", f"/cases/{case_id}/transitions", MEMBER, {"to": "negotiating"},
             {"If-Match": case_etag(case_id)})
        agreement = {
            "firstFiscalYear": 2001, "lastFiscalYear": 2099,
            "amounts": [
                {"municipalityCode": MEMBER_CODE, "annualAmount": 990_000, "taxIncluded": True},
                {"municipalityCode": PEER_CODE, "annualAmount": 1_039_500, "taxIncluded": True},
            ],
        }
        call("POST", f"/cases/{case_id}/transitions", MEMBER, {"to": "agreed", "agreement": agreement},
             {"If-Match": case_etag(case_id)})
        agreed_case["id"] = case_id
    return agreed_case["id"]


def savings_body():
    year = next(fiscal_years)
    return {
        "municipalityCode": MEMBER_CODE, "fiscalYear": year, "effectiveDate": f"{year}-04-01",
        "baselineAmount": 1_100_000, "negotiatedAmount": 990_000, "taxIncluded": True,
    }


def patch(case, fields, drop=()):
    if not isinstance(case.body, dict):
        case.body = {}
    for name in drop:
        case.body.pop(name, None)
    case.body.update(fields)


def prepare(case, operation, n):
    """Sets up what `operation` needs; returns the token to send."""
    p = case.path_parameters
    if operation == "createCategory":
        patch(case, {"code": f"fuzz_{uuid.uuid4().hex[:12]}", "nameJa": f"ファズ分野{n}", "nameEn": f"Fuzz {n}"})
        return ADMIN
    if operation == "createVendor":
        patch(case, {"name": f"ファズ新事業者{n}{uuid.uuid4().hex[:6]}合同会社", "confirmNew": True},
              drop=("corporateNumber", "kana"))
    elif operation == "mergeVendors":
        p["id"] = new_vendor(f"{n}a")
        patch(case, {"mergeVendorId": new_vendor(f"{n}b")})
        return ADMIN
    elif operation == "createContract":
        patch(case, contract_body(n), drop=("municipalityCode", "renewalNoticeDate", "sourceUrl", "externalReference"))
    elif operation in ("replaceContract", "deleteContract"):
        p["id"], case.headers["If-Match"] = new_contract(n)
        if operation == "replaceContract":
            patch(case, contract_body(n),
                  drop=("municipalityCode", "renewalNoticeDate", "sourceUrl", "externalReference"))
    elif operation == "createContractImport":
        patch(case, {}, drop=("municipalityCode",))
    elif operation in ("addContractImportRows", "commitContractImport"):
        _, _, created = call("POST", "/contract-imports", MEMBER, {})
        p["id"] = created["id"]
        row = {"line": 2, "values": {
            "title": f"ファズ取込{n}", "vendorName": "株式会社サンプル予約システムズ",
            "categoryCode": "reservation_system", "amount": "1100000", "taxIncluded": "true",
            "billingBasis": "annual", "startDate": "2025-04-01", "endDate": "2028-03-31",
            "contractMethod": "negotiated", "externalReference": f"FUZZ-{n}-{uuid.uuid4().hex[:6]}"}}
        if operation == "addContractImportRows":
            patch(case, {"rows": [row]})
        else:
            call("POST", f"/contract-imports/{created['id']}/rows", MEMBER, {"rows": [row]})
    elif operation == "proposeVendorMerge":
        p["id"] = new_vendor(f"{n}a")
        patch(case, {"intoVendorId": new_vendor(f"{n}b")})
    elif operation == "decideVendorMergeProposal":
        into = new_vendor(f"{n}b")
        _, _, proposal = call("POST", f"/vendors/{new_vendor(f'{n}a')}/merge-proposals", MEMBER,
                              {"intoVendorId": into})
        p["id"] = proposal["id"]
        if case.body is None or case.body.get("decision") not in ("accept", "reject"):
            patch(case, {"decision": "reject"})
        return ADMIN
    elif operation == "openCase":
        patch(case, {"vendorId": VENDOR, "categoryCode": "reservation_system", "title": f"ファズ交渉{n}"},
              drop=("leadMunicipalityCode", "baseline", "responseDeadline", "targetReductionPercent",
                    "targetReductionYen"))
    elif operation == "updateCase":
        p["id"] = new_case(n, invite=False)
        case.headers["If-Match"] = case_etag(p["id"])
        patch(case, {"title": f"ファズ交渉{n}改"},
              drop=("responseDeadline", "targetReductionPercent", "targetReductionYen"))
    elif operation == "moveCase":
        p["id"] = new_case(n, invite=False)
        case.headers["If-Match"] = case_etag(p["id"])
        patch(case, {"to": "withdrawn" if n % 2 else "negotiating"}, drop=("agreement",))
    elif operation == "changeCaseParticipant":
        action = p.get("action")
        if action not in ("invite", "accept", "decline", "join", "approve", "refuse", "withdraw", "restate"):
            action = p["action"] = "invite"
        case_id = p["id"] = new_case(n, invite=action in ("accept", "decline", "withdraw"))
        p["code"] = MEMBER_CODE if action == "restate" else PEER_CODE
        token = PEER if action in ("accept", "decline", "join", "withdraw") else MEMBER
        if action in ("approve", "refuse"):
            call("POST", f"/cases/{case_id}/participants/{PEER_CODE}/join", PEER, {"baseline": baseline(1_155_000)})
        if action == "withdraw":
            call("POST", f"/cases/{case_id}/participants/{PEER_CODE}/accept", PEER,
                 {"baseline": baseline(1_155_000)})
        case.headers["If-Match"] = case_etag(case_id)
        if action in ("accept", "join", "restate"):
            patch(case, {"baseline": baseline(1_155_000)})
        else:
            case.body = None
        return token
    elif operation == "addCaseNote":
        p["id"] = new_case(n, invite=False)
        patch(case, {"text": f"ファズの記録{n}"})
    elif operation == "recordCaseOffer":
        p["id"] = new_case(n, invite=False)
        patch(case, {"amount": 2_000_000, "taxIncluded": True, "offeredOn": "2025-12-01"},
              drop=("municipalityCode", "validUntil"))
    elif operation == "recordSavings":
        p["id"] = agreed(n)
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
        patch(case, savings_body(), drop=("differsFromAgreement", "reason"))
    elif operation == "reverseSavings":
        case_id = agreed(n)
        _, _, entry = call("POST", f"/cases/{case_id}/savings", MEMBER, savings_body(),
                           {"Idempotency-Key": str(uuid.uuid4())})
        p["id"] = entry["id"]
        patch(case, {"reason": f"ファズの訂正{n}"})
    else:
        return None
    return MEMBER


@schemathesis.hook
def before_call(context, case, kwargs):
    method = case.method.upper()
    operation = case.operation.definition.raw.get("operationId", "")
    meta = case.meta
    negative = meta is not None and meta.generation.mode.is_negative
    if method == "GET" or negative:
        return
    counters[operation] = counters.get(operation, 0) + 1
    if counters[operation] % 2:
        return
    n = next(serial)
    try:
        token = prepare(case, operation, n)
    except Refused as refused:
        print(f"fuzz hook: preparing {operation} failed: {refused}", flush=True)
        return
    if token is not None:
        headers = kwargs.setdefault("headers", {})
        headers["Authorization"] = f"Bearer {token}"
        case.headers["Authorization"] = f"Bearer {token}"


@schemathesis.hook
def after_call(context, case, response):
    operation = case.operation.definition.raw.get("operationId", "")
    with open(TALLY, "a") as tally:
        tally.write(f"{case.method.upper()} {case.operation.path} {operation} {response.status_code}\n")
