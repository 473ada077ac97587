"""The DynamoDB store's single table: its items, keys and indexes, and why they are so.

Single-table design (every key is a string; `#` separates parts; channel ids never hold `#` or `:`):

| item             | pk                       | sk                         | other attributes                         |
| ---------------- | ------------------------ | -------------------------- | ---------------------------------------- |
| contact record   | `EV#<event_id>`          | `EV`                       | record fields, `at`, `dpk`, `dsk`, `wt`  |
| contact's link   | `CT#<channel>#<pseudonym>` | `EV#<event_id>`          | `at`, `expires_at`                       |
| contact marker   | `CT#<channel>#<pseudonym>` | `MK#<purpose>`           | `at`, `expires_at`, `wt`                 |
| other marker     | `MK#<key>`               | `MK`                       | `at`, `expires_at`, `wt`                 |
| tombstone        | `TS#<tombstone_id>`      | `TS`                       | `at`, `expires_at`                       |
| partition index  | `IX`                     | a partition key (above)    |                                          |
| scan counter     | `SC#<YYYY-MM>`           | `<YYYY-MM-DD>#<placement>` | `n` (atomic ADD), `placement`, `day`     |
| scans a minute   | `SM#<placement>#<minute>` | `SM`                      | `n` (ADD up to the cap), `expires_at`    |
| hand-off outcome | `OC#<channel>#<YYYY-MM>` | `<YYYY-MM-DD>#<random id>` | the outcome's fields                     |
| insight snapshot | `IN#<channel>#<YYYY-MM>` | `<YYYY-MM-DD>` (replaced)  | followers, reach, blocks, channel        |
| activity count   | `AC#<ward>#<YYYY-MM>`    | `<YYYY-MM-DD>#<random id>` | the entry's fields                       |
| contractor count | `CC#<channel>#<YYYY-MM>` | `<YYYY-MM-01>` (replaced)  | channel, month, counts (a JSON object)   |

`wt` is a random write token (see `DynamoStore._conditional`: a retried write must not read as a duplicate).

Erasure reads a person's partition (`CT#...`) with one strongly consistent Query, not through an
eventually consistent index: links are written before their record, and a record is checked against
the tombstone after it is written, while an erasure writes its tombstone before it reads, so a record
racing an erasure is either found by it or removes itself.

Global secondary indexes:
- `by_day` (`dpk` = `RC#<channel>#<YYYY-MM>`, `dsk` = `<YYYY-MM-DD>#<event_id>`, projects ALL): the report
  reads a day range as one paginated Query per channel-month partition, never a table Scan.
- `by_contact` (`cpk` = `CT#<channel>#<pseudonym>`, KEYS_ONLY, sparse): only items written before the
  contact partitions carry `cpk`; erase_contact also removes those through it.

The partition index (`IX`) lists every record, outcome and scan partition that holds data, written
once per partition per process before the first item goes in. A read asks it first (one Query), so
"all channels" needs no Scan and a range of decades costs no more Queries than the months that exist.

Why the record's own key is the event id alone: exactly-once is then one conditional PutItem
(`attribute_not_exists(pk)`), atomic without transactions and independent of the day the intake
computed; a redelivery at midnight still hits the same item. The price is that day look-ups go through
a GSI, eventually consistent on AWS (usually well under a second): fine for reports on past days.
"""

from __future__ import annotations

from typing import Any

BY_DAY = "by_day"
BY_CONTACT = "by_contact"
KEYS = ("pk", "sk", "dpk", "dsk", "cpk")  # every key attribute is a string

# CreateTable's arguments: on demand, the primary key and the two indexes described above.
TABLE: dict[str, Any] = {
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in KEYS],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "GlobalSecondaryIndexes": [
        {"IndexName": BY_DAY, "Projection": {"ProjectionType": "ALL"},
         "KeySchema": [{"AttributeName": "dpk", "KeyType": "HASH"}, {"AttributeName": "dsk", "KeyType": "RANGE"}]},
        {"IndexName": BY_CONTACT, "Projection": {"ProjectionType": "KEYS_ONLY"},
         "KeySchema": [{"AttributeName": "cpk", "KeyType": "HASH"}]},
    ],
}
