@0xca05b08ccf3519b1;
# The audit bundle (`bitacora audit export`): what an auditor receives, readable and checkable
# without the ledger's database. docs/audit.md describes the folder.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

using Json = import "/capnp/compat/json.capnp";
using Env = import "envelope.capnp";
using Api = import "api.capnp";  # $Api.optional: a member that may be absent

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

# ---- What the audit commands print with --json (`bitacora --json verify | keys | checkpoint |
# audit …`), encoded by app/answer_codec.h as every other answer. Hashes are text in the encoding
# asked for (`--encoding hex`, the default, or `base64`: the checkpoints' standard base64). ----

# `audit prove POSITION [--size N]`: the audit path of one event to the root of size N.
struct InclusionAnswer {
  position @0 :UInt64;
  treeSize @1 :UInt64;
  encoding @2 :Text;        # "hex" or "base64"
  leafHash @3 :Text;        # RFC 6962 leaf hash of the stored bytes
  root @4 :Text;
  proof @5 :List(Text);     # from the leaf's sibling up
  verified @6 :Bool;
  problem @7 :Text $Api.optional;         # why not, when not verified
}

# `audit consistency OLD NEW`: that the tree of size NEW extends the one of size OLD.
struct ConsistencyAnswer {
  oldSize @0 :UInt64;
  newSize @1 :UInt64;
  encoding @2 :Text;
  oldRoot @3 :Text;
  newRoot @4 :Text;
  proof @5 :List(Text);
  verified @6 :Bool;
  problem @7 :Text $Api.optional;
}

# `audit export`: the bundle written.
struct ExportAnswer {
  folder @0 :Text;
  from @1 :UInt64;
  to @2 :UInt64;
  checkpointSize @3 :UInt64;   # the checkpoint the proofs lead to
  checkpoints @4 :UInt64;      # earlier checkpoints included
  fromDate @5 :Text $Api.optional;  # --from-date/--to-date: the La Paz days the bundle proves
  toDate @6 :Text $Api.optional;
}

# `audit verify-bundle`: what was proved, or the first thing found wrong.
struct BundleVerifyAnswer {
  ok @0 :Bool;
  events @1 :UInt64;
  checkpoints @2 :UInt64;
  checkpointSize @3 :UInt64;
  checkpointRoot @4 :Text $Api.optional;     # hex
  badPosition @5 :UInt64;      # 0 unless an event failed
  problem @6 :Text $Api.optional;
  keyPinned @7 :Bool;          # verified against --vkey, not only the bundle's own key
  first @8 :UInt64;            # the range proved, as the signed manifest states it (0: unread)
  last @9 :UInt64;
  fromDate @10 :Text $Api.optional;  # the period proved complete, when the manifest names one
  toDate @11 :Text $Api.optional;
  witnesses @12 :UInt64;       # --witness: how many of them cosigned the bundle's checkpoint
}

# `verify`: the chain, the tree and the signed checkpoints of the store.
struct LedgerVerifyAnswer {
  ok @0 :Bool;
  checked @1 :UInt64;              # events whose chain link was recomputed
  headHash @2 :Text;               # hex
  root @3 :Text $Api.optional;                   # hex; absent unless verified from position 1
  badPosition @4 :UInt64;          # the first event that failed, 0 if none
  problem @5 :Text $Api.optional;
  checkpointsChecked @6 :Bool;     # false when there is no verifier key
  checkpointsVerified @7 :UInt64;
  badCheckpointSize @8 :UInt64;    # the first checkpoint that failed, 0 if none
}

# `checkpoint sign` and `checkpoint show`: the signed note and what it says.
struct CheckpointAnswer {
  note @0 :Text;
  origin @1 :Text;
  size @2 :UInt64;
  root @3 :Text;                   # base64, as in the note
  time @4 :Text $Api.optional;    # YYYY-MM-DDTHH:MM:SSZ; absent when the note has no time line
  fresh @5 :Bool;                  # sign: false when nothing was new and the last one is shown
  days @6 :List(Text) $Api.optional;  # the La Paz days it closes ("day" lines), if any
}

# `keys init` and `keys show`.
struct VerifierKeyAnswer {
  verifierKey @0 :Text;
  signingKeyPath @1 :Text $Api.optional;         # keys init only
  verifierKeyPath @2 :Text;
}
