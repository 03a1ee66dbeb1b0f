// This file implements the choice of a simulation report's renderer by format name.
#include "render/report.h"

namespace rwd::render {

std::string renderReport(std::string_view format, const ReportInput &input, bool color) {
  if (format == "json") return renderJsonReport(input);
  if (format == "html") return renderHtmlReport(input);
  return renderTextReport(input, color);
}

} // namespace rwd::render
