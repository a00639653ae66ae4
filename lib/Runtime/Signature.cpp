//===- Signature.cpp - The I/O signature a compiled model carries ---------===//

#include "strata/Runtime/Signature.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace strata::runtime;
namespace json = llvm::json;

static llvm::Error sigError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

bool TensorSpec::hasStaticShape() const {
  return llvm::all_of(shape, [](int64_t d) { return d >= 0; });
}

std::string TensorSpec::dimName(size_t d) const {
  if (d < dimNames.size() && !dimNames[d].empty())
    return dimNames[d];
  return "?";
}

std::string TensorSpec::toString() const {
  if (hasStaticShape())
    return (dtypeName(dtype) + "[" + shapeToString(shape) + "]").str();
  std::string dims;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (d)
      dims += "x";
    dims += shape[d] >= 0 ? std::to_string(shape[d]) : dimName(d);
  }
  return (dtypeName(dtype) + "[" + dims + "]").str();
}

bool Signature::calleeAllocatesOutputs() const {
  return llvm::any_of(outputs,
                      [](const TensorSpec &s) { return !s.hasStaticShape(); });
}

static json::Array specsToJSON(const std::vector<TensorSpec> &specs) {
  json::Array array;
  for (const TensorSpec &spec : specs) {
    json::Array shape;
    for (int64_t d : spec.shape)
      shape.push_back(d);
    json::Object obj{{"name", spec.name},
                     {"dtype", dtypeName(spec.dtype)},
                     {"shape", std::move(shape)}};
    if (!spec.hasStaticShape()) {
      json::Array dims;
      for (size_t d = 0; d < spec.shape.size(); ++d) {
        if (spec.shape[d] >= 0)
          dims.push_back(spec.shape[d]);
        else
          dims.push_back(spec.dimName(d));
      }
      obj["dims"] = std::move(dims);
    }
    array.push_back(std::move(obj));
  }
  return array;
}

std::string Signature::toJSON() const {
  json::Object root{
      {"abi_version", abiVersion},
      {"target", target},
      {"threads", threads},
      {"inputs", specsToJSON(inputs)},
      {"outputs", specsToJSON(outputs)},
      {"outputs_allocated_by", calleeAllocatesOutputs() ? "callee" : "caller"}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << json::Value(std::move(root));
  return text;
}

static llvm::Error specsFromJSON(const json::Array *array,
                                 std::vector<TensorSpec> &specs,
                                 llvm::StringRef what) {
  if (!array)
    return sigError("signature lacks the '" + what + "' list");
  for (const json::Value &value : *array) {
    const json::Object *obj = value.getAsObject();
    if (!obj)
      return sigError("signature: an entry of '" + what + "' is not an object");
    TensorSpec spec;
    std::optional<llvm::StringRef> name = obj->getString("name");
    std::optional<llvm::StringRef> dtype = obj->getString("dtype");
    const json::Array *shape = obj->getArray("shape");
    if (!name || !dtype || !shape)
      return sigError("signature: an entry of '" + what +
                      "' lacks name, dtype or shape");
    spec.name = name->str();
    std::optional<DType> type = parseDTypeName(*dtype);
    if (!type)
      return sigError("signature: unknown dtype '" + *dtype + "'");
    spec.dtype = *type;
    for (const json::Value &d : *shape) {
      std::optional<int64_t> dim = d.getAsInteger();
      if (!dim || *dim < -1)
        return sigError("signature: a shape entry is not an integer >= -1");
      spec.shape.push_back(*dim);
    }
    if (const json::Array *dims = obj->getArray("dims")) {
      if (dims->size() != spec.shape.size())
        return sigError("signature: 'dims' and 'shape' of '" + spec.name +
                        "' differ in length");
      for (const json::Value &d : *dims) {
        std::optional<llvm::StringRef> dimName = d.getAsString();
        spec.dimNames.push_back(dimName ? dimName->str() : "");
      }
    }
    specs.push_back(std::move(spec));
  }
  return llvm::Error::success();
}

llvm::Expected<Signature> Signature::fromJSON(llvm::StringRef text) {
  llvm::Expected<json::Value> parsed = json::parse(text);
  if (!parsed)
    return sigError("signature is not valid JSON: " +
                    llvm::toString(parsed.takeError()));
  const json::Object *root = parsed->getAsObject();
  if (!root)
    return sigError("signature is not a JSON object");
  Signature sig;
  sig.abiVersion = root->getInteger("abi_version").value_or(-1);
  if (sig.abiVersion < kOldestAbiVersion || sig.abiVersion > kAbiVersion)
    return sigError("artifact ABI version " + llvm::Twine(sig.abiVersion) +
                    " is not supported by this runtime (versions " +
                    llvm::Twine(kOldestAbiVersion) + " to " +
                    llvm::Twine(kAbiVersion) + "); recompile the model");
  sig.target = root->getString("target").value_or("cpu").str();
  sig.threads = root->getInteger("threads").value_or(0);
  if (llvm::Error err =
          specsFromJSON(root->getArray("inputs"), sig.inputs, "inputs"))
    return std::move(err);
  if (llvm::Error err =
          specsFromJSON(root->getArray("outputs"), sig.outputs, "outputs"))
    return std::move(err);
  if (std::optional<llvm::StringRef> alloc =
          root->getString("outputs_allocated_by")) {
    if (*alloc != (sig.calleeAllocatesOutputs() ? "callee" : "caller"))
      return sigError("signature: 'outputs_allocated_by' is '" + *alloc +
                      "', which does not match the output shapes");
  }
  if (sig.abiVersion < 2 &&
      (sig.calleeAllocatesOutputs() ||
       llvm::any_of(
           sig.inputs,
           [](const TensorSpec &s) { return !s.hasStaticShape(); })))
    return sigError("signature: dynamic dims need ABI version 2");
  return sig;
}

llvm::Error Signature::checkInputs(llvm::ArrayRef<HostTensor> given) const {
  if (given.size() != inputs.size())
    return sigError("the model takes " + llvm::Twine(inputs.size()) +
                    " input(s), " + llvm::Twine(given.size()) + " given");
  // Sizes bound to named dynamic dims so far, and where they were bound.
  llvm::StringMap<std::pair<int64_t, std::string>> bound;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = inputs[i];
    const HostTensor &t = given[i];
    bool shapeOk = spec.shape.size() == t.shape().size();
    for (size_t d = 0; shapeOk && d < spec.shape.size(); ++d)
      shapeOk = spec.shape[d] < 0 || spec.shape[d] == t.shape()[d];
    std::string what = "input " + std::to_string(i) + " ('" + spec.name + "')";
    if (t.dtype() != spec.dtype || !shapeOk)
      return sigError(what + " expects " + spec.toString() + ", got " +
                      dtypeName(t.dtype()) + "[" + shapeToString(t.shape()) +
                      "]");
    for (size_t d = 0; d < spec.shape.size(); ++d) {
      if (spec.shape[d] >= 0 || spec.dimName(d) == "?")
        continue;
      std::string here = what + " dim " + std::to_string(d);
      auto [it, inserted] =
          bound.try_emplace(spec.dimName(d), t.shape()[d], here);
      if (!inserted && it->second.first != t.shape()[d])
        return sigError(here + " is '" + spec.dimName(d) +
                        "' = " + llvm::Twine(t.shape()[d]) + ", but " +
                        it->second.second + " set '" + spec.dimName(d) +
                        "' = " + llvm::Twine(it->second.first));
    }
  }
  return llvm::Error::success();
}
