#include "core/domain/ci.h"

#include <array>
#include <cctype>


namespace bitacora::domain {
namespace {

constexpr std::array<std::string_view, 9> kDepartments = {"LP", "CB", "SC", "OR", "PT",
                                                          "TJ", "CH", "BE", "PD"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string Ci::Identity() const { return complement.empty() ? number : number + "-" + complement; }

Result<Ci> ParseCi(std::string_view text) {
  const std::string whole = Upper(Trim(text));
  if (whole.empty()) return Fail(Code::kCiMalformed, "Falta el número de carnet de identidad.");
  std::string_view rest = whole;
  Ci ci;
  // Department: the last word, after a space.
  if (const size_t space = rest.find_last_of(" \t"); space != std::string_view::npos) {
    ci.department = std::string(Trim(rest.substr(space + 1)));
    rest = Trim(rest.substr(0, space));
    bool known = false;
    for (std::string_view d : kDepartments) known = known || d == ci.department;
    if (!known) {
      return Fail(Code::kCiMalformed, "Departamento de expedición del CI desconocido '" +
                                        ci.department +
                                        "': use LP, CB, SC, OR, PT, TJ, CH, BE o PD.");
    }
  }
  size_t i = 0;
  while (i < rest.size() && IsDigit(rest[i])) ++i;
  ci.number = std::string(rest.substr(0, i));
  if (i < rest.size() && rest[i] != '-') {
    return Fail(Code::kCiMalformed, "El CI '" + whole + "' tiene un carácter no válido '" +
                                      std::string(1, rest[i]) +
                                      "': solo dígitos, un guion con el complemento y el "
                                      "departamento separado por un espacio.");
  }
  if (ci.number.size() < 5 || ci.number.size() > 10) {
    return Fail(Code::kCiMalformed, "El número de CI debe tener entre 5 y 10 dígitos; '" +
                                      ci.number + "' tiene " + std::to_string(ci.number.size()) +
                                      ".");
  }
  if (i < rest.size()) {  // rest[i] == '-'
    const std::string_view complement = rest.substr(i + 1);
    if (complement.size() != 2 || !IsAlnum(complement[0]) || !IsAlnum(complement[1])) {
      return Fail(Code::kCiMalformed, "El complemento del CI debe ser de 2 letras o dígitos "
                                    "después del guion (p. ej. 1234567-1A); se recibió '" +
                                        std::string(complement) + "'.");
    }
    ci.complement = std::string(complement);
  }
  return ci;
}

}  // namespace bitacora::domain
