# Turns text files into a C++ function that returns each file's content by its name, so the
# Qt-free core can show texts that live in resources/ without a second copy in C++.
#
# cmake -DINPUT_DIR=<dir> -DFILES=<name,name,...> -DOUTPUT=<file.cpp> -DHEADER=<include>
#       -DFUNCTION=<name> -DTEMPLATE=<embedded_texts.cpp.in> -P embed_texts.cmake
#
# Each file becomes a raw string literal, byte for byte.

foreach(required INPUT_DIR FILES OUTPUT HEADER FUNCTION TEMPLATE)
  if(NOT DEFINED ${required})
    message(FATAL_ERROR "embed_texts.cmake: ${required} is not set")
  endif()
endforeach()

set(delimiter "interleave_text")
string(REPLACE "," ";" names "${FILES}")
set(ENTRIES "")
foreach(name IN LISTS names)
  file(READ "${INPUT_DIR}/${name}" content)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "embed_texts.cmake: ${name} contains the literal's delimiter")
  endif()
  string(APPEND ENTRIES "    if (fileName == \"${name}\")\n"
                        "        return R\"${delimiter}(${content})${delimiter}\";\n")
endforeach()

set(SOURCE_DIR "${INPUT_DIR}")
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
