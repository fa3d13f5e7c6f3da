// Small helpers between capnp lists and std::vector, shared by the domain's sources.
#ifndef BITACORA_CORE_DOMAIN_TEXT_LIST_H_
#define BITACORA_CORE_DOMAIN_TEXT_LIST_H_

#include <string>
#include <vector>

#include <capnp/list.h>

namespace bitacora::domain {

// Copies a List(Text) into strings.
inline std::vector<std::string> ToStrings(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (auto t : list) out.emplace_back(t.cStr());
  return out;
}

// Fills a List(Text) builder field via its init function.
template <class InitFn>
void FillTexts(InitFn init, const std::vector<std::string>& values) {
  auto list = init(static_cast<unsigned>(values.size()));
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
}

// "a, b y c".
inline std::string JoinSpanish(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? " y " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_TEXT_LIST_H_
