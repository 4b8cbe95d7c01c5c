//! The CSV mapping files written next to each source (format: `crates/ingest/MAPPING.md`).
//! Ids are keyed so that the same phone, handset, SIM, account, boat or engine seen in two
//! sources becomes one entity: phones, handsets and SIMs by their natural keys, accounts by
//! `socialaccount` + platform + handle, equipment by `equipment` + serial number.

/// Every mapping: (source file, mapping file, TOML text).
pub const MAPPINGS: &[(&str, &str, &str)] = &[
    ("cdr.csv", "cdr.mapping.toml", CDR),
    ("subscribers.csv", "subscribers.mapping.toml", SUBSCRIBERS),
    ("persons.csv", "persons.mapping.toml", PERSONS),
    ("transfers.csv", "transfers.mapping.toml", TRANSFERS),
    ("hawala.csv", "hawala.mapping.toml", HAWALA),
    ("bank.csv", "bank.mapping.toml", BANK),
    ("rates.csv", "rates.mapping.toml", RATES),
    ("accounts.csv", "accounts.mapping.toml", ACCOUNTS),
    ("purchases.csv", "purchases.mapping.toml", PURCHASES),
    ("crossings.csv", "crossings.mapping.toml", CROSSINGS),
    ("documents.csv", "documents.mapping.toml", DOCUMENTS),
];

const CDR: &str = r#"# Call detail records from a French operator: one row per call or SMS.
[source]
name = "cdr-operator-fr"
kind = "cdr"
grading = "1A P"

[entities.caller]
schema = "Phone"
[entities.caller.properties]
number = { column = "caller_msisdn" }

[entities.callee]
schema = "Phone"
[entities.callee.properties]
number = { column = "callee_msisdn" }

[entities.handset]
schema = "Device"
[entities.handset.properties]
imei = { column = "caller_imei" }

[entities.sim]
schema = "Sim"
[entities.sim.properties]
imsi = { column = "caller_imsi" }
phone = { entity = "caller" }

[entities.cell]
schema = "Place"
keys = ["cell_id"]
key_prefix = "cell"
[entities.cell.properties]
cellId = { column = "cell_id" }
kind = { literal = "cell site" }
latitude = { column = "cell_lat" }
longitude = { column = "cell_lon" }

[entities.call]
schema = "Call"
keys = ["call_id"]
key_prefix = "cdr"
[entities.call.properties]
caller = { entity = "caller" }
receiver = { entity = "callee" }
callerDevice = { entity = "handset" }
callerSim = { entity = "sim" }
callerCell = { entity = "cell" }
startDate = { column = "start", format = "%d/%m/%Y %H:%M:%S", required = true }
duration = { column = "duration_s" }
callType = { column = "call_type" }
recordId = { column = "call_id" }
"#;

const SUBSCRIBERS: &str = r#"# Subscriber registers of local operators: partial, often in false or borrowed names.
[source]
name = "subscriber-registers"
kind = "subscribers"
grading = "2B P"

[entities.phone]
schema = "Phone"
[entities.phone.properties]
number = { column = "msisdn" }
carrier = { column = "operator" }

[entities.sim]
schema = "Sim"
[entities.sim.properties]
imsi = { column = "imsi" }
phone = { entity = "phone" }

[entities.subscriber]
schema = "Person"
keys = ["subscriber_name", "birth_date"]
key_prefix = "subscriber"
[entities.subscriber.properties]
name = { column = "subscriber_name" }
birthDate = { column = "birth_date" }
address = { column = "city" }
idNumber = { column = "id_document" }

[entities.subscription]
schema = "UsesPhone"
keys = ["msisdn", "subscriber_name"]
key_prefix = "subscription"
[entities.subscription.properties]
user = { entity = "subscriber" }
phone = { entity = "phone" }
startDate = { column = "activation_date" }
"#;

const PERSONS: &str = r#"# Police, immigration and informant records of people. Duplicates of one person across
# records are expected: resolving them is the analyst's (and the resolver's) job.
[source]
name = "person-records"
kind = "persons"
grading = "2B P"
grading_column = "grading"
recorded_column = "recorded"

[entities.person]
schema = "Person"
keys = ["record_id"]
key_prefix = "record"
[entities.person.properties]
name = { column = "name" }
nameArabic = { column = "name_arabic" }
birthDate = { column = "birth_date" }
nationality = { column = "nationality" }
gender = { column = "gender" }
phone = { column = "phone" }
passportNumber = { column = "passport_number" }
position = { column = "remarks" }
description = { column = "agency" }
recordId = { column = "record_id" }

[entities.phone]
schema = "Phone"
[entities.phone.properties]
number = { column = "phone" }

[entities.uses]
schema = "UsesPhone"
keys = ["record_id", "phone"]
key_prefix = "record-phone"
[entities.uses.properties]
user = { entity = "person" }
phone = { entity = "phone" }
"#;

const TRANSFERS: &str = r#"# Money-transfer operator and bank ledger. A party is keyed by the name and phone as written,
# so one person appears under several spellings until resolved.
[source]
name = "mto-ledger"
kind = "ledger"
grading = "1B P"

[entities.sender]
schema = "Person"
keys = ["sender_name", "sender_phone"]
key_prefix = "transfer-party"
[entities.sender.properties]
name = { column = "sender_name" }
phone = { column = "sender_phone" }
country = { column = "sender_country" }

[entities.receiver]
schema = "Person"
keys = ["receiver_name", "receiver_phone"]
key_prefix = "transfer-party"
[entities.receiver.properties]
name = { column = "receiver_name" }
phone = { column = "receiver_phone" }
country = { column = "receiver_country" }

[entities.sender_phone]
schema = "Phone"
[entities.sender_phone.properties]
number = { column = "sender_phone" }

[entities.receiver_phone]
schema = "Phone"
[entities.receiver_phone.properties]
number = { column = "receiver_phone" }

[entities.sender_uses]
schema = "UsesPhone"
keys = ["sender_name", "sender_phone"]
key_prefix = "transfer-uses"
[entities.sender_uses.properties]
user = { entity = "sender" }
phone = { entity = "sender_phone" }

[entities.receiver_uses]
schema = "UsesPhone"
keys = ["receiver_name", "receiver_phone"]
key_prefix = "transfer-uses"
[entities.receiver_uses.properties]
user = { entity = "receiver" }
phone = { entity = "receiver_phone" }

[entities.sender_account]
schema = "BankAccount"
keys = ["sender_account"]
key_prefix = "iban"
[entities.sender_account.properties]
iban = { column = "sender_account" }
holder = { entity = "sender" }

[entities.receiver_account]
schema = "BankAccount"
keys = ["receiver_account"]
key_prefix = "iban"
[entities.receiver_account.properties]
iban = { column = "receiver_account" }
holder = { entity = "receiver" }
bankName = { column = "agent" }

[entities.agent]
schema = "Organization"
keys = ["agent"]
key_prefix = "agent"
[entities.agent.properties]
name = { column = "agent" }

[entities.payment]
schema = "Payment"
keys = ["txn_id"]
key_prefix = "transfer"
[entities.payment.properties]
payer = { entity = "sender" }
beneficiary = { entity = "receiver" }
payerAccount = { entity = "sender_account" }
beneficiaryAccount = { entity = "receiver_account" }
agent = { entity = "agent" }
date = { column = "date", required = true }
amount = { column = "amount" }
currency = { column = "currency" }
channel = { column = "channel" }
transactionNumber = { column = "txn_id" }
"#;

const BANK: &str = r#"# A bank's extract of account transfers (same columns as transfers.csv). Parties are keyed by
# name and phone as written; their IBANs join their records across both ledgers.
[source]
name = "bank-extract"
kind = "ledger"
grading = "1B P"

[entities.sender]
schema = "Person"
keys = ["sender_name", "sender_phone"]
key_prefix = "transfer-party"
[entities.sender.properties]
name = { column = "sender_name" }
phone = { column = "sender_phone" }
country = { column = "sender_country" }

[entities.receiver]
schema = "Person"
keys = ["receiver_name", "receiver_phone"]
key_prefix = "transfer-party"
[entities.receiver.properties]
name = { column = "receiver_name" }
phone = { column = "receiver_phone" }
country = { column = "receiver_country" }

[entities.sender_phone]
schema = "Phone"
[entities.sender_phone.properties]
number = { column = "sender_phone" }

[entities.receiver_phone]
schema = "Phone"
[entities.receiver_phone.properties]
number = { column = "receiver_phone" }

[entities.sender_uses]
schema = "UsesPhone"
keys = ["sender_name", "sender_phone"]
key_prefix = "transfer-uses"
[entities.sender_uses.properties]
user = { entity = "sender" }
phone = { entity = "sender_phone" }

[entities.receiver_uses]
schema = "UsesPhone"
keys = ["receiver_name", "receiver_phone"]
key_prefix = "transfer-uses"
[entities.receiver_uses.properties]
user = { entity = "receiver" }
phone = { entity = "receiver_phone" }

[entities.sender_account]
schema = "BankAccount"
keys = ["sender_account"]
key_prefix = "iban"
[entities.sender_account.properties]
iban = { column = "sender_account" }
holder = { entity = "sender" }

[entities.receiver_account]
schema = "BankAccount"
keys = ["receiver_account"]
key_prefix = "iban"
[entities.receiver_account.properties]
iban = { column = "receiver_account" }
holder = { entity = "receiver" }
bankName = { column = "agent" }

[entities.agent]
schema = "Organization"
keys = ["agent"]
key_prefix = "agent"
[entities.agent.properties]
name = { column = "agent" }

[entities.payment]
schema = "Payment"
keys = ["txn_id"]
key_prefix = "bank"
[entities.payment.properties]
payer = { entity = "sender" }
beneficiary = { entity = "receiver" }
payerAccount = { entity = "sender_account" }
beneficiaryAccount = { entity = "receiver_account" }
agent = { entity = "agent" }
date = { column = "date", required = true }
amount = { column = "amount" }
currency = { column = "currency" }
channel = { column = "channel" }
transactionNumber = { column = "txn_id" }
"#;

const RATES: &str = r#"# Exchange rates to the reporting currency, one row per currency and month.
[source]
name = "exchange-rates"
kind = "rates"
grading = "1A P"

[entities.rate]
schema = "ExchangeRate"
keys = ["date", "currency"]
key_prefix = "rate"
[entities.rate.properties]
date = { column = "date", required = true }
currency = { column = "currency", required = true }
rate = { column = "rate", required = true }
baseCurrency = { column = "base" }
"#;

const HAWALA: &str = r#"# A hawaladar's ledger, seized and transcribed. Dates are day-month-year; beneficiaries are
# mostly booked under nicknames; deposits are held until the migrant arrives.
[source]
name = "hawala-ledger"
kind = "hawala"
grading = "2C C"

[entities.hawaladar]
schema = "Person"
keys = ["hawaladar"]
key_prefix = "hawaladar"
[entities.hawaladar.properties]
name = { column = "hawaladar" }
address = { column = "hawaladar_city" }
position = { literal = "hawaladar" }

[entities.payer]
schema = "Person"
keys = ["payer", "payer_phone"]
key_prefix = "hawala-party"
[entities.payer.properties]
name = { column = "payer" }
phone = { column = "payer_phone" }

[entities.beneficiary]
schema = "Person"
keys = ["beneficiary", "beneficiary_phone"]
key_prefix = "hawala-party"
[entities.beneficiary.properties]
name = { column = "beneficiary" }
phone = { column = "beneficiary_phone" }

[entities.payer_phone]
schema = "Phone"
[entities.payer_phone.properties]
number = { column = "payer_phone" }

[entities.payer_uses]
schema = "UsesPhone"
keys = ["payer", "payer_phone"]
key_prefix = "hawala-uses"
[entities.payer_uses.properties]
user = { entity = "payer" }
phone = { entity = "payer_phone" }

[entities.payout]
schema = "Person"
keys = ["payout_hawaladar"]
key_prefix = "hawaladar"
[entities.payout.properties]
name = { column = "payout_hawaladar" }
position = { literal = "hawaladar" }

[entities.payment]
schema = "Payment"
keys = ["entry_id"]
key_prefix = "hawala"
[entities.payment.properties]
payer = { entity = "payer" }
beneficiary = { entity = "beneficiary" }
agent = { entity = "hawaladar" }
payoutAgent = { entity = "payout" }
date = { column = "date", format = "%d-%m-%Y", required = true }
endDate = { column = "released", format = "%d-%m-%Y" }
amount = { column = "amount" }
currency = { column = "currency" }
channel = { literal = "hawala" }
purpose = { column = "code_word" }
description = { column = "status" }
transactionNumber = { column = "entry_id" }
"#;

const ACCOUNTS: &str = r#"# Social-media accounts seen advertising crossings (the adverts themselves are in
# adverts.ftm.jsonl, whose SocialAccount ids are the ids this mapping makes).
[source]
name = "social-accounts"
kind = "social"
grading = "2B P"

[entities.account]
schema = "SocialAccount"
keys = ["platform", "handle"]
key_prefix = "socialaccount"
[entities.account.properties]
service = { column = "platform" }
username = { column = "handle" }
name = { column = "display_name" }
url = { column = "url" }
createdAt = { column = "created" }
followers = { column = "followers" }
status = { column = "status" }
"#;

const PURCHASES: &str = r#"# Shop and dealer records of boats, engines, life jackets and fuel.
[source]
name = "purchase-records"
kind = "purchases"
grading = "2B P"

[entities.buyer]
schema = "Person"
keys = ["buyer_name", "buyer_phone"]
key_prefix = "purchase-party"
[entities.buyer.properties]
name = { column = "buyer_name" }
phone = { column = "buyer_phone" }

[entities.seller]
schema = "Organization"
keys = ["seller"]
key_prefix = "shop"
[entities.seller.properties]
name = { column = "seller" }
country = { column = "seller_country" }

[entities.item]
schema = "Equipment"
keys = ["serial"]
key_prefix = "equipment"
[entities.item.properties]
kind = { column = "item_kind" }
brand = { column = "brand" }
model = { column = "model" }
serialNumber = { column = "serial" }
quantity = { column = "quantity" }

[entities.purchase]
schema = "Purchase"
keys = ["purchase_id"]
key_prefix = "purchase"
[entities.purchase.properties]
buyer = { entity = "buyer" }
seller = { entity = "seller" }
item = { entity = "item" }
date = { column = "date", required = true }
amount = { column = "price" }
currency = { column = "currency" }
quantity = { column = "quantity" }
recordId = { column = "purchase_id" }
"#;

const CROSSINGS: &str = r#"# Coastguard and Border Force reports of small-boat crossings. The hull and engine serial
# numbers make the same Equipment ids as purchases.csv, linking each boat to its purchase.
[source]
name = "crossing-reports"
kind = "crossings"
grading = "1B P"

[entities.departure]
schema = "Place"
keys = ["departure"]
key_prefix = "place"
[entities.departure.properties]
name = { column = "departure" }
kind = { literal = "beach" }
latitude = { column = "latitude" }
longitude = { column = "longitude" }

[entities.vessel]
schema = "Vessel"
keys = ["vessel_id"]
key_prefix = "vessel"
[entities.vessel.properties]
name = { column = "vessel_id" }
registrationNumber = { column = "vessel_id" }
type = { column = "vessel_type" }

[entities.hull]
schema = "Equipment"
keys = ["vessel_id"]
key_prefix = "equipment"
[entities.hull.properties]
kind = { literal = "boat" }
serialNumber = { column = "vessel_id" }

[entities.engine]
schema = "Equipment"
keys = ["engine_serial"]
key_prefix = "equipment"
[entities.engine.properties]
kind = { literal = "engine" }
serialNumber = { column = "engine_serial" }
model = { column = "engine" }

[entities.pilot]
schema = "Person"
keys = ["pilot_name"]
key_prefix = "pilot"
[entities.pilot.properties]
name = { column = "pilot_name" }
position = { literal = "boat pilot" }

[entities.crossing]
schema = "Crossing"
keys = ["crossing_id"]
key_prefix = "crossing"
[entities.crossing.properties]
startDate = { column = "departed", required = true }
departure = { entity = "departure" }
vessel = { entity = "vessel" }
pilot = { entity = "pilot" }
passengerCount = { column = "passenger_count" }
outcome = { column = "outcome" }
description = { column = "reported_by" }
recordId = { column = "crossing_id" }

[entities.hull_link]
schema = "Associate"
keys = ["crossing_id"]
key_prefix = "hull"
[entities.hull_link.properties]
subject = { entity = "vessel" }
object = { entity = "hull" }
relationship = { literal = "hull" }

[entities.engine_link]
schema = "Associate"
keys = ["crossing_id"]
key_prefix = "engine-fitted"
[entities.engine_link.properties]
subject = { entity = "vessel" }
object = { entity = "engine" }
relationship = { literal = "engine fitted" }
"#;

const DOCUMENTS: &str = r#"# Document checks at border posts and a forensic lab: what the document says, including its
# MRZ (two TD3 lines separated by a newline inside the quoted cell). Whether it is genuine is
# for the checker to find out (kingpin doc), and in truth.json.
[source]
name = "document-checks"
kind = "documents"
grading = "1A P"
recorded_column = "checked_at"

[entities.holder]
schema = "Person"
keys = ["check_id"]
key_prefix = "doccheck"
[entities.holder.properties]
name = { column = "holder_name" }
firstName = { column = "given_names" }
lastName = { column = "surname" }
birthDate = { column = "birth_date" }
passportNumber = { column = "number" }

[entities.document]
schema = "Document"
keys = ["number", "issuing_state"]
key_prefix = "document"
[entities.document.properties]
documentType = { column = "document_type" }
number = { column = "number" }
issuingState = { column = "issuing_state" }
nationality = { column = "nationality" }
surname = { column = "surname" }
givenName = { column = "given_names" }
birthDate = { column = "birth_date" }
gender = { column = "sex" }
expiryDate = { column = "expiry_date" }
mrz = { column = "mrz" }
holder = { entity = "holder" }
recordId = { column = "check_id" }
description = { column = "location" }
"#;
