"""The template loops that two of the portal's hand-written renderers replace, kept as
the reference their output must equal: the tests compare the two (``test_tags.py``,
``test_pages.py``) and ``bench/render`` measures what writing the rows by hand saves."""

# The loop ``includes/links_table.html`` had before ``links_rows`` wrote its rows (with the
# line saying that a link's data are out of date, added since).
LINKS_LOOP = """{% load stradom %}
  {% for r in links %}
  <tr>
    <th scope="row"><a href="{% code_url indicator_url r.indicator_code %}?territory={{ r.territory_code|urlencode }}&amp;dimensions={{ r.dimensions|urlencode }}">{{ r.indicator_name }}</a>
      <div class="meta">{{ r.territory_name }}{% if r.dimensions %} · {{ r.dimensions_label|default:r.dimensions }}{% endif %}</div></th>
    <td>{{ r.unit }}</td>
    <td>{% status_badge r.status_view r.label_text %}{% if r.reason_text %}<div class="meta">{{ r.reason_text }}</div>{% endif %}{% if r.break_text %}<div class="meta">{{ r.break_text }}</div>{% endif %}{% if r.freshness_text %}<div class="meta stale">{{ r.freshness_text }}</div>{% endif %}</td>
    <td class="num">{{ r.score|score }}</td>
    <td class="num">{% if r.inputs.base_year %}{{ r.inputs.base_value|num:r.decimals }} <span class="meta">({{ r.inputs.base_year }})</span>{% else %}–{% endif %}</td>
    <td class="num">{{ r.latest_value|num:r.decimals }}{% if r.latest_year %} <span class="meta">({{ r.latest_year }})</span>{% endif %}</td>
    <td class="num">{{ r.target_value|num:r.decimals }}{% if r.target_year %} <span class="meta">({{ r.target_year }})</span>{% endif %}</td>
  </tr>
  {% endfor %}
"""  # noqa: E501


# The list items of ``portal/indicators.html`` as its template loop wrote them before
# the view wrote them itself (``portal.views.indicator_items``; with the mark of an
# out-of-date series, added since).
INDICATOR_ITEMS_LOOP = """<ul>
  {% for ind in indicators %}
  <li><a href="{{ ind.url }}">{{ ind.name }}</a> <span class="code">{{ ind.code }}</span>{% if ind.draft %} <strong>({{ ind.status }})</strong>{% endif %}{% if ind.stale %} <span class="stale"><span aria-hidden="true">⌛</span> {{ ind.stale }}</span>{% endif %}</li>
  {% endfor %}
</ul>"""  # noqa: E501
