// This file implements the listener that turns ANTLR syntax errors into Rewind diagnostics.
#pragma once

#include "antlr4-runtime.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/parse/offset_map.h"

namespace rwd::parse {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
public:
  SyntaxErrorListener(const OffsetMap &offsets, DiagnosticEngine &diags)
      : offsets_(offsets), diags_(diags) {}

  void syntaxError(antlr4::Recognizer *recognizer, antlr4::Token *offendingSymbol, size_t line,
                   size_t charPositionInLine, const std::string &msg,
                   std::exception_ptr e) override;

  size_t errorCount() const { return errors_; }

private:
  const OffsetMap &offsets_;
  DiagnosticEngine &diags_;
  size_t errors_ = 0;
};

} // namespace rwd::parse
