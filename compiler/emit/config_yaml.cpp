// This file implements the conversion of a plan's verbatim settings into YAML nodes.
#include "compiler/emit/config_yaml.h"

namespace rwd::emit {

YamlNode configToYaml(const plan::Config &json) {
  switch (json.type()) {
  case plan::Config::value_t::null: return YamlNode::null();
  case plan::Config::value_t::boolean: return YamlNode::boolean(json.get<bool>());
  case plan::Config::value_t::number_integer: return YamlNode::integer(json.get<int64_t>());
  case plan::Config::value_t::number_unsigned:
    return YamlNode::integer(static_cast<int64_t>(json.get<uint64_t>()));
  case plan::Config::value_t::number_float: return YamlNode::number(json.get<double>());
  case plan::Config::value_t::string: return YamlNode::string(json.get<std::string>());
  case plan::Config::value_t::array: {
    YamlNode seq = YamlNode::seq();
    for (const auto &item : json) seq.push(configToYaml(item));
    return seq;
  }
  case plan::Config::value_t::object: {
    YamlNode map = YamlNode::map();
    for (const auto &[key, value] : json.items()) map.set(key, configToYaml(value));
    return map;
  }
  default: return YamlNode::null();
  }
}

} // namespace rwd::emit
