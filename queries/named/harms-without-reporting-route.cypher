// title: Harms a region mentions but gives no specific reporting route for
// description: Per region, harms its guidance mentions for which none of that region's documents gives a reporting route for that harm (an agency or contact point presented as a place to report or get help for it), with where the harm is mentioned, a sentence that mentions it, and the general routes the region's documents give without naming a harm ("If you are worried about a child, call ..."), which do not count as a route for the harm.
// param: region (string, optional): a region id or name; all regions when omitted
// example: skg query harms-without-reporting-route --param region=Dudley
MATCH (r:Region)<-[:COVERS]-(d:Document)-[:HAS_SECTION]->(s:Section)-[m:MENTIONS]->(h:Harm)
WHERE $region IS NULL OR r.id = $region OR r.id = 'region:' + $region OR toLower(r.name) = toLower($region)
WITH r, h, d, s, m, split(s.text, m.surfaces[0]) AS parts
ORDER BY d.id, s.ordinal
WITH r, h, collect(DISTINCT d.title) AS documents,
     collect(DISTINCT coalesce(s.number + ' ', '') + s.heading) AS sections,
     collect(replace(CASE WHEN size(parts) > 1 THEN right(last(split(last(split(parts[0], '. ')), '\n\n')), 240) + m.surfaces[0] + left(head(split(head(split(parts[1], '. ')), '\n\n')), 240) ELSE s.heading END, '\n', ' ')) AS sentences
MATCH (r)<-[:COVERS]-(rd:Document)
WITH r, h, documents, sections, sentences, collect(DISTINCT rd.id) AS region_docs
OPTIONAL MATCH (h)-[l:REPORTED_VIA]->()
WHERE l.document_id IN region_docs
WITH r, h, documents, sections, sentences, region_docs, count(l) AS routes
WHERE routes = 0
OPTIONAL MATCH (gd:Document)-[:GIVES_ROUTE]->(t)
WHERE gd.id IN region_docs
WITH r, h, documents, sections, sentences,
     collect(DISTINCT coalesce(t.display, t.value, t.name, t.id)) AS general_routes
RETURN r.name AS region, h.name AS harm, h.category AS category, sentences[0] AS evidence,
       documents, general_routes, sections, r.id AS region_id, h.id AS harm_id
ORDER BY region, category, harm
