// The page around the report charts: one self-contained HTML file (inline CSS and script, no
// network), shared by report.html and compare.html. The script adds hover tooltips to line charts
// and checks that every <svg class="chart"> drew data, recording the verdict on <body> as
// data-chart-check="ok" (or the ids of the empty charts) and script errors as data-js-errors.
#ifndef KDS_REPORTS_HTML_PAGE_HPP_
#define KDS_REPORTS_HTML_PAGE_HPP_

#include <string>
#include <vector>

namespace kds::reports {

// Text made safe for HTML element content and quoted attribute values.
std::string escape_html(const std::string& text);

// A complete HTML document: <head> with the style sheet, then `body_html`, then the script.
std::string html_page(const std::string& title, const std::string& body_html);

// A <table>; every cell is plain text (escaped here). Columns after the first align right.
std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows);

}  // namespace kds::reports

#endif  // KDS_REPORTS_HTML_PAGE_HPP_
