# cmake -DBUILD_DIR=... -DPREFIX=... -DAPP_ID=... -DBINDIR=bin -DDATADIR=share -DWORKER_DIR=...
#       -P check_install.cmake
foreach(built app/interleave app/interleave-worker)
  if(NOT EXISTS "${BUILD_DIR}/${built}")
    message(FATAL_ERROR "${BUILD_DIR}/${built} is not built; build the interleave and interleave-worker targets first")
  endif()
endforeach()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE status OUTPUT_QUIET)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${status}")
endif()

foreach(installed
        "${BINDIR}/interleave"
        "${WORKER_DIR}/interleave-worker"
        "${DATADIR}/applications/${APP_ID}.desktop"
        "${DATADIR}/metainfo/${APP_ID}.metainfo.xml"
        "${DATADIR}/icons/hicolor/scalable/apps/${APP_ID}.svg"
        "${DATADIR}/icons/hicolor/48x48/apps/${APP_ID}.png"
        "${DATADIR}/icons/hicolor/256x256/apps/${APP_ID}.png")
  if(NOT EXISTS "${PREFIX}/${installed}")
    message(FATAL_ERROR "not installed: ${installed}")
  endif()
endforeach()
# The worker is not a command: it must not land on PATH.
if(EXISTS "${PREFIX}/${BINDIR}/interleave-worker")
  message(FATAL_ERROR "interleave-worker was installed into ${BINDIR}/")
endif()

# The installed program, started from elsewhere, spawns the installed worker.
execute_process(COMMAND "${PREFIX}/${BINDIR}/interleave" compare --workload io --tasks 2 --latency-ms 5
                        --models processes,process_pool --csv -
                WORKING_DIRECTORY "${PREFIX}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "installed interleave compare failed (${status}): ${err}")
endif()
foreach(model processes process_pool)
  if(NOT out MATCHES ",${model},2,[0-9]+,on,[^\n]*,no,\r?\n")
    message(FATAL_ERROR "no clean ${model} row in:\n${out}")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "installed layout OK")
