"""content.active: one reading of an address for validate and the site build alike."""

from commons.content.active import script_scheme, svg_problems
from commons.validate.active import markdown_problems


def test_a_scheme_spelled_with_an_entity_of_an_entity_is_read_as_a_browser_may_end_up_reading_it():
    # Once-decoded "jav&#x61;script:" is still a script address where markdown or a second decoding reads it.
    assert script_scheme("jav&amp;#x61;script:alert(1)") == "javascript:"
    assert [line for line, _ in markdown_problems('x\n<a href="jav&amp;#x61;script:alert(1)">y</a>')] == [2]
    assert [line for line, _ in markdown_problems('x\n<b style="color: red; background: u&amp;#x72;l(x)">y</b>')] == [2]
    # The SVG rule reads addresses the same way (it decoded once and let this one through).
    svg = '<svg xmlns="http://www.w3.org/2000/svg">\n<rect/>\n<a href="#x" title="jav&amp;#x61;\nscript:">x</a>\n</svg>\n'
    assert svg_problems(svg) == [(4, "address 'javascript:'")]
    assert svg_problems('<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><rect/></a></svg>') == []
