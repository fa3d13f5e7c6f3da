@0x94ff606334ab79f3;
# The stored form of every event. PINNED: never renumber or retype a field; add new fields only
# at the end with the next ordinal. tests/envelope_golden_test.cc guards the stored bytes.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

using Ev = import "events.capnp";
using Json = import "/capnp/compat/json.capnp";  # annotations only: they change no stored byte

# Who may act in the ledger (docs/glossary.md maps each to the manual).
enum Role {
  platform @0;    # Asistente de Plataforma de Energía Eléctrica (APE)
  technician @1;  # Técnico de Energía Eléctrica
  cashier @2;     # Cajas
  warehouse @3;   # Almacenes
  odeco @4;       # Oficina del Consumidor
  cpd @5;         # Centro de Procesamiento de Datos
  supervisor @6;  # inmediato superior
  auditor @7;     # regulator or internal audit: read only
  system @8;      # the ledger itself (scheduled checkpoints, imports)
}

struct Actor {
  id @0 :Text;
  role @1 :Role;
  credential @2 :Text;  # which credential acted: "token:" and the first 16 hex digits of the
                        # token's SHA-256 (never the secret); "local:<account>" for the CLI on a
                        # local store; empty for the ledger itself and events recorded before
}

struct Envelope {
  position @0 :UInt64;       # 1-based, gap-free position in the global log
  streamId @1 :Text;         # e.g. "client-1234567", "order-ORT-2026-000123"
  version @2 :UInt64;        # 1-based version within the stream
  eventId @3 :Data $Json.hex;  # 16 random bytes
  commandId @4 :Text;        # idempotency key of the command that produced it
  caseId @5 :Text;           # correlation: the case (trámite) it belongs to, if any
  causationId @6 :Text;      # the command or event that caused it
  actor @7 :Actor;
  recordedAtNs @8 :Int64;    # ledger clock, UTC nanoseconds since the epoch
  occurredAtNs @9 :Int64;    # business time, UTC nanoseconds since the epoch
  schemaVersion @10 :UInt16; # version of the payload schema the event was written with
  payload @11 :Ev.Event;
  prevHash @12 :Data $Json.hex;  # hash of the event at position-1 (32 zero bytes for position 1)
  hash @13 :Data $Json.hex;  # SHA-256(prevHash || canonical bytes with this field zero-filled)
  backdatingReason @14 :Text;  # the command's backdatingReason (business time > 1 day before recorded)
}
