//===- ProtoUtils.cpp - Exception-isolated calls into libonnx ------------===//
//
// Compiled with -fexceptions (see CMakeLists.txt): the only file of the
// importer that may catch what libonnx throws.
//
//===----------------------------------------------------------------------===//

#include "ProtoUtils.h"

#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"

#include <climits>
#include <exception>

using namespace strata::onnx_import;

bool strata::onnx_import::parseModelProto(llvm::StringRef bytes,
                                          onnx::ModelProto &model) {
  if (bytes.size() > INT_MAX)
    return false;
  try {
    return model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
  } catch (const std::exception &) {
    return false;
  } catch (...) {
    return false;
  }
}

std::string strata::onnx_import::inferShapesNoThrow(onnx::ModelProto &model) {
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/false,
                                        /*strict_mode=*/0,
                                        /*data_prop=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
    return "";
  } catch (const std::exception &e) {
    std::string message = e.what();
    return message.empty() ? std::string("unknown error") : message;
  } catch (...) {
    return "unknown error";
  }
}
