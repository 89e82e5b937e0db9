using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol version that an ELF64 shared library needs from another library as weak
/// (VER_FLG_WEAK in its Vernaux entry of .gnu.version_r), so that the dynamic loader accepts the
/// library where that version is missing. Only safe when no symbol bound to that version is used.
/// </summary>
public sealed class MarkElfVersionNeedWeak : Task
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The libraries to patch in place (files that do not exist are skipped).</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The library the version is needed from, as named in DT_NEEDED: libstdc++.so.6.</summary>
    [Required]
    public string NeededLibrary { get; set; } = "";

    /// <summary>The version to make weak: GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    /// <summary>When true, nothing is patched if this machine's copy of the needed library defines the version.</summary>
    public bool OnlyWhereSystemLacksVersion { get; set; } = true;

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return true;
        }

        bool? systemDefinesVersion = null;
        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                List<long> flagOffsets = FindStrongRequirements(File.ReadAllBytes(path));
                if (flagOffsets == null || flagOffsets.Count == 0)
                {
                    continue;
                }

                if (OnlyWhereSystemLacksVersion)
                {
                    systemDefinesVersion ??= SystemLibraryDefinesVersion();
                    if (systemDefinesVersion.Value)
                    {
                        Log.LogMessage(MessageImportance.Low,
                            "{0}: left as is, this machine's {1} defines {2}.", path, NeededLibrary, VersionName);
                        return true;
                    }
                }

                ReplaceWithPatchedCopy(path, flagOffsets);
                Log.LogMessage(MessageImportance.Normal,
                    "{0}: marked its need for {1} from {2} as weak, so that the loader accepts a {2} without that version.",
                    path, VersionName, NeededLibrary);
            }
            catch (InvalidDataException e)
            {
                Log.LogWarning("{0}: not patched, unexpected ELF layout: {1}", path, e.Message);
            }
            catch (IOException e)
            {
                Log.LogErrorFromException(e);
            }
            catch (UnauthorizedAccessException e)
            {
                Log.LogErrorFromException(e);
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>File offsets of the vna_flags fields that still make the version a hard requirement; null when not ELF64.</summary>
    private List<long> FindStrongRequirements(byte[] image)
    {
        Elf64 elf = Elf64.TryRead(image);
        if (elf == null)
        {
            return null;
        }

        var offsets = new List<long>();
        foreach (Elf64.VersionNeed need in elf.VersionNeeds())
        {
            if (need.File == NeededLibrary && need.Name == VersionName && (need.Flags & VerFlagWeak) == 0)
            {
                offsets.Add(need.FlagsOffset);
            }
        }

        return offsets;
    }

    // A new file is written and renamed over the old one instead of writing in place: the output may be a
    // hard or symbolic link into the NuGet package cache, and a running process may have the library mapped.
    // The copy keeps the original's timestamp so that the incremental copy to the output keeps skipping it.
    private void ReplaceWithPatchedCopy(string path, List<long> flagOffsets)
    {
        string patched = path + ".patched";
        DateTime lastWrite = File.GetLastWriteTimeUtc(path);
        File.Copy(path, patched, true);
        try
        {
            using (var stream = new FileStream(patched, FileMode.Open, FileAccess.ReadWrite))
            {
                foreach (long offset in flagOffsets)
                {
                    stream.Position = offset;
                    int low = stream.ReadByte();
                    int high = stream.ReadByte();
                    ushort flags = (ushort)((low | (high << 8)) | VerFlagWeak);
                    stream.Position = offset;
                    stream.WriteByte((byte)flags);
                    stream.WriteByte((byte)(flags >> 8));
                }
            }

            File.SetLastWriteTimeUtc(patched, lastWrite);
            File.Replace(patched, path, null);
        }
        finally
        {
            if (File.Exists(patched))
            {
                File.Delete(patched);
            }
        }
    }

    private bool SystemLibraryDefinesVersion()
    {
        string systemLibrary = FindSystemLibrary();
        if (systemLibrary == null)
        {
            Log.LogMessage(MessageImportance.Low, "No system {0} found.", NeededLibrary);
            return false;
        }

        byte[] image = File.ReadAllBytes(systemLibrary);
        try
        {
            Elf64 elf = Elf64.TryRead(image);
            if (elf != null && elf.HasVersionDefinitions)
            {
                return elf.VersionDefinitions().Contains(VersionName);
            }
        }
        catch (InvalidDataException)
        {
        }

        return ContainsNullTerminated(image, VersionName);
    }

    private string FindSystemLibrary()
    {
        string multiarch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        string[] directories =
        {
            "/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, NeededLibrary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool ContainsNullTerminated(byte[] haystack, string text)
    {
        byte[] needle = Encoding.ASCII.GetBytes(text + "\0");
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The parts of a little-endian ELF64 file that symbol versioning needs: section headers and string tables.</summary>
    private sealed class Elf64
    {
        private readonly byte[] _image;
        private readonly List<Section> _sections;

        private Elf64(byte[] image, List<Section> sections)
        {
            _image = image;
            _sections = sections;
        }

        public bool HasVersionDefinitions => _sections.Exists(s => s.Type == ShtGnuVerdef);

        public static Elf64 TryRead(byte[] image)
        {
            const byte ElfClass64 = 2;
            const byte LittleEndian = 1;
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
                || image[4] != ElfClass64 || image[5] != LittleEndian)
            {
                return null;
            }

            var reader = new Elf64(image, new List<Section>());
            ulong sectionHeaders = reader.U64(0x28);
            int headerSize = reader.U16(0x3A);
            long count = reader.U16(0x3C);
            if (sectionHeaders == 0)
            {
                return reader;
            }

            if (headerSize < 64)
            {
                throw new InvalidDataException("section header entries are " + headerSize + " bytes");
            }

            // With 0xff00 sections or more, e_shnum is 0 and the real count is the first header's sh_size.
            if (count == 0)
            {
                count = (long)reader.U64(checked((long)sectionHeaders + 32));
            }

            for (long i = 0; i < count; i++)
            {
                long at = checked((long)sectionHeaders + i * headerSize);
                reader._sections.Add(new Section
                {
                    Type = reader.U32(at + 4),
                    Offset = (long)reader.U64(at + 24),
                    Size = (long)reader.U64(at + 32),
                    Link = reader.U32(at + 40),
                    Info = reader.U32(at + 44),
                });
            }

            return reader;
        }

        public IEnumerable<VersionNeed> VersionNeeds()
        {
            foreach (Section section in _sections)
            {
                if (section.Type != ShtGnuVerneed)
                {
                    continue;
                }

                Section strings = StringTable(section);
                long need = section.Offset;
                for (uint n = 0; n < section.Info; n++)
                {
                    RequireWithin(section, need, 16);
                    int auxCount = U16(need + 2);
                    string file = ReadString(strings, U32(need + 4));
                    long aux = need + U32(need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        RequireWithin(section, aux, 16);
                        yield return new VersionNeed(file, ReadString(strings, U32(aux + 8)), (ushort)U16(aux + 4), aux + 4);
                        aux += U32(aux + 12);
                    }

                    uint next = U32(need + 12);
                    if (next == 0)
                    {
                        break;
                    }

                    need += next;
                }
            }
        }

        public HashSet<string> VersionDefinitions()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (Section section in _sections)
            {
                if (section.Type != ShtGnuVerdef)
                {
                    continue;
                }

                Section strings = StringTable(section);
                long definition = section.Offset;
                for (uint d = 0; d < section.Info; d++)
                {
                    RequireWithin(section, definition, 20);
                    int auxCount = U16(definition + 6);
                    long aux = definition + U32(definition + 12);
                    for (int a = 0; a < auxCount; a++)
                    {
                        RequireWithin(section, aux, 8);
                        names.Add(ReadString(strings, U32(aux)));
                        aux += U32(aux + 4);
                    }

                    uint next = U32(definition + 16);
                    if (next == 0)
                    {
                        break;
                    }

                    definition += next;
                }
            }

            return names;
        }

        private Section StringTable(Section owner)
        {
            if (owner.Link >= _sections.Count)
            {
                throw new InvalidDataException("sh_link " + owner.Link + " names no section");
            }

            return _sections[(int)owner.Link];
        }

        private string ReadString(Section strings, uint offset)
        {
            long start = strings.Offset + offset;
            long limit = Math.Min(strings.Offset + strings.Size, _image.Length);
            long end = start;
            while (end < limit && _image[end] != 0)
            {
                end++;
            }

            if (end >= limit)
            {
                throw new InvalidDataException("string at " + offset + " is not terminated inside its table");
            }

            return Encoding.ASCII.GetString(_image, (int)start, (int)(end - start));
        }

        private static void RequireWithin(Section section, long at, int size)
        {
            if (at < section.Offset || at + size > section.Offset + section.Size)
            {
                throw new InvalidDataException("version entry at " + at + " lies outside its section");
            }
        }

        private int U16(long at) => (int)Bytes(at, 2);

        private uint U32(long at) => (uint)Bytes(at, 4);

        private ulong U64(long at) => Bytes(at, 8);

        private ulong Bytes(long at, int size)
        {
            if (at < 0 || at + size > _image.Length)
            {
                throw new InvalidDataException("read past the end of the file at " + at);
            }

            ulong value = 0;
            for (int i = size - 1; i >= 0; i--)
            {
                value = (value << 8) | _image[at + i];
            }

            return value;
        }

        private sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;
        }

        public sealed class VersionNeed
        {
            public VersionNeed(string file, string name, ushort flags, long flagsOffset)
            {
                File = file;
                Name = name;
                Flags = flags;
                FlagsOffset = flagsOffset;
            }

            public string File { get; }

            public string Name { get; }

            public ushort Flags { get; }

            /// <summary>Where vna_flags lies in the file.</summary>
            public long FlagsOffset { get; }
        }
    }
}
