// This file implements the listener that turns ANTLR syntax errors into Rewind diagnostics.
#include "compiler/parse/syntax_error_listener.h"

namespace rwd::parse {

void SyntaxErrorListener::syntaxError(antlr4::Recognizer *, antlr4::Token *offendingSymbol,
                                      size_t, size_t, const std::string &msg,
                                      std::exception_ptr) {
  ++errors_;
  SourceRange where;
  if (offendingSymbol) {
    size_t start = offendingSymbol->getStartIndex();
    size_t stop = offendingSymbol->getStopIndex();
    // EOF has no text: point at where the file ends, with an empty range.
    if (offendingSymbol->getType() == antlr4::Token::EOF || stop < start)
      where = {offsets_.file().id(), offsets_.byteOffset(start), offsets_.byteOffset(start)};
    else
      where = offsets_.range(start, stop);
  }
  diags_.add(DiagKind::SyntaxError, where, msg);
}

} // namespace rwd::parse
