// This file implements the AST dumper: an indented tree with `@line:col` on each node
// (`rewind plan --emit ast`, parse goldens).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/source/source_manager.h"

#include <string>

namespace rwd::ast {

std::string dumpAst(const PolicyFile &file, const SourceManager &sources);

} // namespace rwd::ast
