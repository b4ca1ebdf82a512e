<?xml version="1.0" encoding="utf-8"?>
<!-- One order record to one invoice line; the currency comes from the flow instance as a stylesheet parameter. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:o="urn:acme:orders" exclude-result-prefixes="o">
  <xsl:output method="xml" indent="no" omit-xml-declaration="yes" />
  <xsl:param name="currency" select="'EUR'" />
  <xsl:template match="/o:Order">
    <Invoice number="{o:Id}" currency="{$currency}">
      <Customer><xsl:value-of select="o:Customer" /></Customer>
      <Total><xsl:value-of select="format-number(o:Quantity * o:Price, '0.00')" /></Total>
    </Invoice>
  </xsl:template>
</xsl:stylesheet>
