@0xe09f7856483a814b;
# The domain's events: one union, one member per event type. PINNED: never renumber or retype
# a member; new events take the next ordinal at the end of the union.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

struct Event {
  union {
    commentRecorded @0 :CommentRecorded;
    correctionRecorded @1 :CorrectionRecorded;
  }
}

# A free-text note by the desk on a stream (a case, a client): what was said or observed.
struct CommentRecorded {
  text @0 :Text;
}

# A supervisor puts a recorded event right without rewriting it: names it and says why.
struct CorrectionRecorded {
  correctedPosition @0 :UInt64;
  reason @1 :Text;
  correctedValue @2 :Text;   # the value that should have been recorded, as text
}
