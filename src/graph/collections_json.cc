// Reading and writing the "collections" array of the graph JSON form.
#include "src/graph/collections_json.h"

#include "simdjson.h"
#include "src/base/strings.h"
#include "vigil/value.h"

namespace vigil::collections_json {
namespace {

const char* TypeName(simdjson::dom::element_type t) {
  switch (t) {
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::STRING: return "a string";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    default: return "a number";
  }
}

}  // namespace

bool Parse(std::string_view text, std::vector<Collection>* out, ParseError* error) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  if (auto e = parser.parse(padded).get(root)) {
    *error = {StrCat("collections: ", simdjson::error_message(e)), 0, true};
    return false;
  }
  if (!root.is_array()) {
    *error = {StrCat("collections: expected an array, got ", TypeName(root.type())), 0, false};
    return false;
  }
  size_t i = 0;
  const simdjson::dom::array elements = root.get_array().value_unsafe();
  for (simdjson::dom::element el : elements) {
    const std::string path = StrCat("collections[", i++, "]");
    auto fail = [&](std::string msg) {
      *error = {StrCat(path, msg), 0, false};
      return false;
    };
    if (!el.is_object()) return fail(StrCat(": expected an object, got ", TypeName(el.type())));
    Collection c;
    bool has_state = false, has_account = false, has_region = false, has_service = false,
         has_command = false;
    const simdjson::dom::object members = el.get_object().value_unsafe();
    for (auto [key, value] : members) {
      std::string_view k = key;
      std::string* target = nullptr;
      if (k == "account") {
        target = &c.account;
        has_account = true;
      } else if (k == "region") {
        target = &c.region;
        has_region = true;
      } else if (k == "service") {
        target = &c.service;
        has_service = true;
      } else if (k == "command") {
        target = &c.command;
        has_command = true;
      } else if (k == "errorCode") {
        target = &c.error_code;
      } else if (k == "detail") {
        target = &c.detail;
      } else if (k != "state") {
        return fail(StrCat(": unknown key \"", k,
                           "\" (expected account, region, service, command, state, errorCode, "
                           "detail)"));
      }
      if (!value.is_string()) {
        return fail(StrCat(".", k, ": expected a string, got ", TypeName(value.type())));
      }
      std::string_view v = value.get_string().value_unsafe();
      if (k == "state") {
        auto s = ParseCollectionState(v);
        if (!s) {
          return fail(StrCat(".state: \"", v,
                             "\" is not a collection state (collected, failed, missing, "
                             "excluded)"));
        }
        c.state = *s;
        has_state = true;
      } else {
        target->assign(v);
      }
    }
    if (!has_account || c.account.empty()) return fail(": \"account\" is required");
    if (!has_region || c.region.empty()) return fail(": \"region\" is required");
    if (!has_state) return fail(": \"state\" is required");
    if (c.state == CollectionState::kExcluded) {
      if (has_service || has_command) {
        return fail(": an \"excluded\" region has no \"service\" or \"command\"");
      }
    } else if (!has_service || !has_command || c.service.empty() || c.command.empty()) {
      return fail(": \"service\" and \"command\" are required");
    }
    out->push_back(std::move(c));
  }
  return true;
}

void Append(const CollectionSet& set, std::string* out, int indent) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  out->push_back('[');
  bool first = true;
  for (const Collection& c : set.facts()) {
    out->append(first ? "\n" : ",\n");
    first = false;
    out->append(pad);
    out->append("{\"account\": ");
    AppendJsonString(out, c.account);
    out->append(", \"region\": ");
    AppendJsonString(out, c.region);
    if (c.state != CollectionState::kExcluded) {
      out->append(", \"service\": ");
      AppendJsonString(out, c.service);
      out->append(", \"command\": ");
      AppendJsonString(out, c.command);
    }
    out->append(", \"state\": ");
    AppendJsonString(out, CollectionStateName(c.state));
    if (!c.error_code.empty()) {
      out->append(", \"errorCode\": ");
      AppendJsonString(out, c.error_code);
    }
    if (!c.detail.empty()) {
      out->append(", \"detail\": ");
      AppendJsonString(out, c.detail);
    }
    out->push_back('}');
  }
  if (!first) out->push_back('\n');
  out->push_back(']');
}

}  // namespace vigil::collections_json
