namespace FlowSdk.Components.Xml;

/// <summary>Compiled XSLT stylesheets, each compiled once per process and shared by every flow instance and thread.</summary>
public interface IXsltTransforms
{
    /// <summary>The compiled stylesheet called <paramref name="nameOrPath"/>; the first call compiles it, later calls return the same instance.</summary>
    /// <param name="nameOrPath">A name from <see cref="XsltOptions.Stylesheets"/>, or a path (absolute, or relative to <see cref="XsltOptions.BaseDirectory"/>).</param>
    /// <returns>The compiled stylesheet; safe to use from several threads at once.</returns>
    /// <exception cref="FileNotFoundException">No stylesheet has that name or path.</exception>
    /// <exception cref="System.Xml.Xsl.XsltException">The stylesheet does not compile (the next call tries again).</exception>
    XsltTransform Get(string nameOrPath);
}
