"""schemathesis hooks for scripts/fuzz: let the fuzzer's writes reach the handlers.

Generated requests alone almost never change anything: their ids name nothing, they carry no
current If-Match, and their bodies break rules a schema cannot state (a case's workflow, the
agreement's fiscal years). So every other positive case of a write operation is prepared: the hook
makes, through the API, a resource in the state the operation needs (a contract, a case with an
invitation, an agreed case, a merge proposal…), points the path at it, sends its current ETag as
If-Match and a new Idempotency-Key, and sets the body fields whose valid values depend on that state; the other fields stay as
generated. Negative cases (meant to be refused) and the stateful phase (whose ids come from earlier
answers, by the API's links) are left alone.

after_call counts every answer per operation into $FUZZ_TALLY (one line per request: method, path
template, status), which scripts/fuzz sums up.
"""

import itertools
import json
import os
import threading
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
# The agreed case savings entries go to, and its next fiscal year without an entry (each
# municipality has one entry per case and fiscal year).
agreed_case = {}
agreed_lock = threading.Lock()


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


def new_case(n, lead=MEMBER, invite=PEER_CODE):
    """A new open case of the shared vendor, led by `lead`'s municipality, inviting `invite`."""
    body = {"vendorId": VENDOR, "categoryCode": "reservation_system", "title": f"ファズ交渉{n}"}
    _, _, case = call("POST", "/cases", lead, body)
    if invite:
        call("POST", f"/cases/{case['id']}/participants/{invite}/invite", lead, None)
    return case["id"]


def case_etag(case_id, token=MEMBER):
    _, headers, _ = call("GET", f"/cases/{case_id}", token)
    return headers["ETag"]


def baseline(amount):
    return {"annualAmount": amount, "taxIncluded": True}


def agreed(n):
    """A case agreed by both municipalities for fiscal years 2001–2099, and a fiscal year of it no
    entry of 宇多津町 has taken yet (a new case when they are all taken)."""
    with agreed_lock:
        if "id" not in agreed_case or agreed_case["next"] > 2099:
            case_id = new_case(n)
            call("POST", f"/cases/{case_id}/participants/{PEER_CODE}/accept", PEER,
                 {"baseline": baseline(1_155_000)})
            call("POST", f"/cases/{case_id}/participants/{MEMBER_CODE}/restate", MEMBER,
                 {"baseline": baseline(1_100_000)})
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
            agreed_case.update(id=case_id, next=2001)
        year = agreed_case["next"]
        agreed_case["next"] += 1
        return agreed_case["id"], year


def savings_body(year):
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
    """Sets up what `operation` needs for the token the request carries: 宇多津町's, or the admin's
    for the admin's operations (scripts/schemathesis.toml). Where another municipality must act
    first (invite, lead), the hook acts for it with its own token."""
    p = case.path_parameters
    if operation == "createCategory":
        patch(case, {"code": f"fuzz_{uuid.uuid4().hex[:12]}", "nameJa": f"ファズ分野{n}", "nameEn": f"Fuzz {n}"})
    if operation == "createVendor":
        patch(case, {"name": f"ファズ新事業者{n}{uuid.uuid4().hex[:6]}合同会社", "confirmNew": True},
              drop=("corporateNumber", "kana"))
    elif operation == "mergeVendors":
        p["id"] = new_vendor(f"{n}a")
        patch(case, {"mergeVendorId": new_vendor(f"{n}b")})
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
    elif operation == "openCase":
        patch(case, {"vendorId": VENDOR, "categoryCode": "reservation_system", "title": f"ファズ交渉{n}"},
              drop=("leadMunicipalityCode", "baseline", "responseDeadline", "targetReductionPercent",
                    "targetReductionYen"))
    elif operation == "updateCase":
        p["id"] = new_case(n, invite=None)
        case.headers["If-Match"] = case_etag(p["id"])
        patch(case, {"title": f"ファズ交渉{n}改"},
              drop=("responseDeadline", "targetReductionPercent", "targetReductionYen"))
    elif operation == "moveCase":
        # Negotiating needs a participant besides the lead: 羽島市 accepts first.
        to = "withdrawn" if n % 2 else "negotiating"
        p["id"] = new_case(n)
        if to == "negotiating":
            call("POST", f"/cases/{p['id']}/participants/{PEER_CODE}/accept", PEER,
                 {"baseline": baseline(1_155_000)})
        case.headers["If-Match"] = case_etag(p["id"])
        patch(case, {"to": to}, drop=("agreement",))
    elif operation == "changeCaseParticipant":
        # 宇多津町 acts: as the lead (invite, approve, refuse, restate its own baseline) on a case of
        # its own, or as the municipality concerned (accept, decline, join, withdraw) on a case
        # 羽島市 leads.
        action = p.get("action")
        if action not in ("invite", "accept", "decline", "join", "approve", "refuse", "withdraw", "restate"):
            action = p["action"] = "invite"
        if action in ("accept", "decline", "join", "withdraw"):
            case_id = new_case(n, lead=PEER, invite=None if action == "join" else MEMBER_CODE)
            p["code"] = MEMBER_CODE
            if action == "withdraw":
                call("POST", f"/cases/{case_id}/participants/{MEMBER_CODE}/accept", MEMBER,
                     {"baseline": baseline(1_100_000)})
        else:
            case_id = new_case(n, invite=None)
            p["code"] = MEMBER_CODE if action == "restate" else PEER_CODE
            if action in ("approve", "refuse"):
                call("POST", f"/cases/{case_id}/participants/{PEER_CODE}/join", PEER,
                     {"baseline": baseline(1_155_000)})
        p["id"] = case_id
        case.headers["If-Match"] = case_etag(case_id)
        if action in ("accept", "join", "restate"):
            patch(case, {"baseline": baseline(1_100_000)})
        else:
            case.body = {}  # (None would be sent as JSON null)
    elif operation == "addCaseNote":
        p["id"] = new_case(n, invite=None)
        patch(case, {"text": f"ファズの記録{n}"})
    elif operation == "recordCaseOffer":
        p["id"] = new_case(n, invite=None)
        patch(case, {"amount": 2_000_000, "taxIncluded": True, "offeredOn": "2025-12-01"},
              drop=("municipalityCode", "validUntil"))
    elif operation == "recordSavings":
        p["id"], year = agreed(n)
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
        patch(case, savings_body(year), drop=("differsFromAgreement", "reason"))
    elif operation == "reverseSavings":
        case_id, year = agreed(n)
        _, _, entry = call("POST", f"/cases/{case_id}/savings", MEMBER, savings_body(year),
                           {"Idempotency-Key": str(uuid.uuid4())})
        p["id"] = entry["id"]
        patch(case, {"reason": f"ファズの訂正{n}"})


@schemathesis.hook
def before_call(context, case, kwargs):
    method = case.method.upper()
    operation = case.operation.definition.raw.get("operationId", "")
    meta = case.meta
    negative = meta is not None and meta.generation.mode.is_negative
    # The stateful phase chains operations by the API's links: its ids come from earlier answers.
    stateful = meta is not None and meta.phase.name.value == "stateful"
    if method == "GET" or negative or stateful:
        return
    counters[operation] = counters.get(operation, 0) + 1
    if counters[operation] % 2:
        return
    n = next(serial)
    try:
        prepare(case, operation, n)
    except Refused as refused:
        print(f"fuzz hook: preparing {operation} failed: {refused}", flush=True)


@schemathesis.hook
def after_call(context, case, response):
    operation = case.operation.definition.raw.get("operationId", "")
    if case.method.upper() != case.operation.method.upper():
        return  # a probe of a method the path does not have
    with open(TALLY, "a") as tally:
        tally.write(f"{case.method.upper()} {case.operation.path} {operation} {response.status_code}\n")
