//===- Signature.cpp - The I/O signature a compiled model carries ---------===//

#include "strata/Runtime/Signature.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace strata::runtime;
namespace json = llvm::json;

static llvm::Error sigError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

std::string TensorSpec::toString() const {
  return (dtypeName(dtype) + "[" + shapeToString(shape) + "]").str();
}

static json::Array specsToJSON(const std::vector<TensorSpec> &specs) {
  json::Array array;
  for (const TensorSpec &spec : specs) {
    json::Array shape;
    for (int64_t d : spec.shape)
      shape.push_back(d);
    array.push_back(json::Object{{"name", spec.name},
                                 {"dtype", dtypeName(spec.dtype)},
                                 {"shape", std::move(shape)}});
  }
  return array;
}

std::string Signature::toJSON() const {
  json::Object root{{"abi_version", abiVersion},
                    {"target", target},
                    {"threads", threads},
                    {"inputs", specsToJSON(inputs)},
                    {"outputs", specsToJSON(outputs)}};
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
      if (!dim)
        return sigError("signature: a shape entry is not an integer");
      spec.shape.push_back(*dim);
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
  if (sig.abiVersion != kAbiVersion)
    return sigError("artifact ABI version " + llvm::Twine(sig.abiVersion) +
                    " does not match this runtime's " +
                    llvm::Twine(kAbiVersion) + "; recompile the model");
  sig.target = root->getString("target").value_or("cpu").str();
  sig.threads = root->getInteger("threads").value_or(0);
  if (llvm::Error err =
          specsFromJSON(root->getArray("inputs"), sig.inputs, "inputs"))
    return std::move(err);
  if (llvm::Error err =
          specsFromJSON(root->getArray("outputs"), sig.outputs, "outputs"))
    return std::move(err);
  return sig;
}

llvm::Error Signature::checkInputs(llvm::ArrayRef<HostTensor> given) const {
  if (given.size() != inputs.size())
    return sigError("the model takes " + llvm::Twine(inputs.size()) +
                    " input(s), " + llvm::Twine(given.size()) + " given");
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSpec &spec = inputs[i];
    const HostTensor &t = given[i];
    bool shapeOk = spec.shape.size() == t.shape().size();
    for (size_t d = 0; shapeOk && d < spec.shape.size(); ++d)
      shapeOk = spec.shape[d] < 0 || spec.shape[d] == t.shape()[d];
    if (t.dtype() != spec.dtype || !shapeOk)
      return sigError("input " + llvm::Twine(i) + " ('" + spec.name +
                      "') expects " + spec.toString() + ", got " +
                      dtypeName(t.dtype()) + "[" + shapeToString(t.shape()) +
                      "]");
  }
  return llvm::Error::success();
}
