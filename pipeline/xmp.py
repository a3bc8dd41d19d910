"""XMP metadata for PDF/A, written as text so every schema is declared the way validators
expect (namespaces on ``rdf:Description``; custom properties described by a PDF/A
extension schema)."""

from __future__ import annotations

from xml.sax.saxutils import escape

SOHOA_NS = "https://sohoa.vn/ns/record/1.0/"


def _text(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _extension_schema(keys: list[str]) -> str:
    props = "".join(
        '<rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{k}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>sohoa record field {k}</pdfaProperty:description>"
        "</rdf:li>" for k in keys)
    return (
        '<rdf:Description rdf:about="" '
        'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
        'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
        'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
        '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
        "<pdfaSchema:schema>sohoa civil-status record</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{SOHOA_NS}</pdfaSchema:namespaceURI>"
        "<pdfaSchema:prefix>sohoa</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>")


def packet(*, part: str, conformance: str, title: str, creator: str, producer: str,
           created: str, source: str, identifier: str,
           record: dict[str, str] | None = None) -> bytes:
    """The whole ``<?xpacket?>``; ``record`` (string values only) goes in the sohoa schema."""
    record = {k: v for k, v in (record or {}).items() if v}
    sohoa = ""
    if record:
        sohoa = (f'<rdf:Description rdf:about="" xmlns:sohoa="{SOHOA_NS}">'
                 + "".join(f"<sohoa:{k}>{_text(v)}</sohoa:{k}>" for k, v in record.items())
                 + "</rdf:Description>" + _extension_schema(list(record)))
    body = (
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}"
        "</pdfaid:conformance></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_text(title)}</rdf:li></rdf:Alt>'
        f"</dc:title><dc:creator><rdf:Seq><rdf:li>{_text(creator)}</rdf:li></rdf:Seq>"
        f"</dc:creator><dc:date><rdf:Seq><rdf:li>{created}</rdf:li></rdf:Seq></dc:date>"
        "<dc:language><rdf:Bag><rdf:li>vi</rdf:li></rdf:Bag></dc:language>"
        f"<dc:source>{_text(source)}</dc:source><dc:identifier>{_text(identifier)}"
        "</dc:identifier><dc:format>application/pdf</dc:format></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{_text(creator)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{created}</xmp:CreateDate><xmp:ModifyDate>{created}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{created}</xmp:MetadataDate></rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{_text(producer)}</pdf:Producer></rdf:Description>" + sohoa)
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f"{body}</rdf:RDF></x:xmpmeta>"
            + " " * 2000 + '<?xpacket end="w"?>').encode("utf-8")
