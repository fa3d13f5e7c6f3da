#include "projections/folder_detail.h"

#include <cstdint>

namespace bitacora::projections {
namespace {

using E = schema::Event;

std::string Amount(int64_t centavos) {
  const int64_t cents = centavos % 100;
  return "Bs " + std::to_string(centavos / 100) + "." + (cents < 10 ? "0" : "") +
         std::to_string(cents);
}

}  // namespace

std::string FolderDetail(E::Reader e) {
  switch (e.which()) {
    case E::ORDER_ISSUED: {
      auto o = e.getOrderIssued();
      if (o.getOrderType() == schema::OrderType::OEM && o.getReceiptNumber().size() > 0) {
        return "recibo " + std::string(o.getReceiptNumber().cStr()) + ", " +
               Amount(o.getTotalCentavos()) + " pagados en cajas";
      }
      if (o.getOrderType() == schema::OrderType::OC && o.getRelatedOrderNumber().size() > 0) {
        return "instala el medidor de la " + std::string(o.getRelatedOrderNumber().cStr());
      }
      return "";
    }
    case E::CONTRACT_SIGNED: {
      auto s = e.getContractSigned();
      std::string out = "firmado " + std::string(s.getContractOrderNumber().cStr());
      if (s.getFrmOrderNumber().size() > 0)
        out += " y " + std::string(s.getFrmOrderNumber().cStr());
      return out;
    }
    case E::CORRECTION_RECORDED: {
      auto c = e.getCorrectionRecorded();
      return "corrige " + std::string(c.getField().cStr()) + " del evento " +
             std::to_string(c.getCorrectedPosition()) + ": «" + c.getPreviousValue().cStr() +
             "» → «" + c.getCorrectedValue().cStr() + "» (motivo: " +
             c.getReason().cStr() + ")";
    }
    case E::PAYMENT_REFUNDED: {
      auto r = e.getPaymentRefunded();
      return "recibo " + std::string(r.getReceiptNumber().cStr()) + ", " +
             Amount(r.getAmountCentavos()) + " devueltos en cajas: " + r.getReason().cStr();
    }
    case E::METER_REGISTRATION_GUIDE_ISSUED: {
      auto g = e.getMeterRegistrationGuideIssued();
      return "con el " + std::string(g.getFrmOrderNumber().cStr()) + ", medidor " +
             g.getMeterSerial().cStr();
    }
    default:  // an event, not a command: nothing more to say than the document
      return "";
  }
}

}  // namespace bitacora::projections
