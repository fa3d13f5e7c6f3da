@0xca05b08ccf3519b1;
# The audit bundle (`bitacora audit export`): what an auditor receives, readable and checkable
# without the ledger's database. docs/audit.md describes the folder.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

using Json = import "/capnp/compat/json.capnp";
using Env = import "envelope.capnp";

# One line of events.jsonl.
struct BundleEvent {
  position @0 :UInt64;
  canonical @1 :Data $Json.base64;      # the bytes as stored: what the chain and the tree cover
  inclusionProof @2 :List(Text);        # hex hashes: audit path to the bundle's checkpoint
  event @3 :Env.Envelope;               # the same event, readable; must encode to `canonical`
}

# One line of checkpoints.jsonl: a checkpoint the ledger signed, and its consistency with the
# bundle's checkpoint (the latest).
struct BundleCheckpoint {
  size @0 :UInt64;
  note @1 :Text;                        # the signed note, as stored
  consistencyProof @2 :List(Text);      # hex hashes: from this size to the bundle checkpoint's
}
