// SPDX-License-Identifier: GPL-2.0-only

using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Kpidfs.PortStatus;

/// <summary>
/// The fingerprint of a function: the first 16 hex digits of SHA-256 over its tokens joined by one
/// space (comments and whitespace ignored; a preprocessor line inside counts as one token).
/// </summary>
public static class Fingerprints
{
    /// <summary>Hashes tokens.</summary>
    /// <param name="tokens">The tokens.</param>
    /// <returns>16 lowercase hex digits.</returns>
    public static string Of(IEnumerable<string> tokens)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(' ', tokens)));
        return Convert.ToHexStringLower(bytes)[..16];
    }

    /// <summary>Hashes a piece of C source.</summary>
    /// <param name="source">The source.</param>
    /// <returns>16 lowercase hex digits.</returns>
    public static string OfSource(string source) => Of(CTokenizer.Tokenize(source).Select(t => t.Text));
}
